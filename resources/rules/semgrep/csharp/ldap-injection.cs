using System.DirectoryServices;
using System.DirectoryServices.Protocols;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;

[ApiController]
[Route("api/directory")]
public class DirectoryController : ControllerBase
{
    private readonly DirectoryEntry _root = new DirectoryEntry("LDAP://dc=corp,dc=local");
    private readonly LdapConnection _ldap;

    public DirectoryController(LdapConnection ldap)
    {
        _ldap = ldap;
    }

    private static string EscapeLdapFilter(string value)
    {
        return value.Replace("\\", "\\5c").Replace("*", "\\2a").Replace("(", "\\28").Replace(")", "\\29").Replace("\0", "\\00");
    }

    [HttpGet("user")]
    public IActionResult FindUser([FromQuery] string username)
    {
        using var searcher = new DirectorySearcher(_root);
        // ruleid: cs-ldap-injection
        searcher.Filter = "(&(objectClass=user)(sAMAccountName=" + username + "))";
        var result = searcher.FindOne();
        return Ok(result?.Path);
    }

    [HttpGet("user-safe")]
    public IActionResult FindUserSafe([FromQuery] string username)
    {
        using var searcher = new DirectorySearcher(_root);
        // ok: cs-ldap-injection
        searcher.Filter = "(&(objectClass=user)(sAMAccountName=" + EscapeLdapFilter(username) + "))";
        var result = searcher.FindOne();
        return Ok(result?.Path);
    }

    [HttpGet("mail")]
    public IActionResult FindByMail(string mail)
    {
        // ruleid: cs-ldap-injection
        var request = new SearchRequest("dc=corp,dc=local", $"(mail={mail})", SearchScope.Subtree, "cn");
        var response = (SearchResponse)_ldap.SendRequest(request);
        return Ok(response.Entries.Count);
    }

    [HttpGet("mail-checked")]
    public IActionResult FindByMailChecked(string mail)
    {
        if (!Regex.IsMatch(mail, "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+$"))
        {
            return BadRequest();
        }
        // ok: cs-ldap-injection
        var request = new SearchRequest("dc=corp,dc=local", $"(mail={mail})", SearchScope.Subtree, "cn");
        var response = (SearchResponse)_ldap.SendRequest(request);
        return Ok(response.Entries.Count);
    }

    [HttpGet("admins")]
    public IActionResult Admins()
    {
        // ok: cs-ldap-injection
        using var searcher = new DirectorySearcher(_root, "(memberOf=cn=admins,dc=corp,dc=local)");
        return Ok(searcher.FindAll().Count);
    }
}

public static class GroupEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/groups/{group}", (string group) =>
        {
            var root = new DirectoryEntry("LDAP://dc=corp,dc=local");
            // ruleid: cs-ldap-injection
            using var searcher = new DirectorySearcher(root, "(&(objectClass=group)(cn=" + group + "))");
            return Results.Ok(searcher.FindOne()?.Path);
        });
    }
}
