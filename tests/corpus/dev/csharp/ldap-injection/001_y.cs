using System.DirectoryServices.Protocols;
using System.Net;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();
builder.Services.AddSingleton(sp =>
{
    var cfg = sp.GetRequiredService<IConfiguration>().GetSection("Ldap");
    var connection = new LdapConnection(new LdapDirectoryIdentifier(cfg["Host"], 636))
    {
        AuthType = AuthType.Basic,
        Credential = new NetworkCredential(cfg["BindDn"], Environment.GetEnvironmentVariable("LDAP_BIND_PASSWORD"))
    };
    connection.SessionOptions.SecureSocketLayer = true;
    connection.SessionOptions.ProtocolVersion = 3;
    return connection;
});

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

const string GroupsBase = "ou=Groups,dc=corp,dc=example,dc=com";

// Teams exposed through the widget; the directory has many other groups we don't publish.
var publishedTeams = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
{
    ["platform"] = "team-platform",
    ["payments"] = "team-payments",
    ["mobile"] = "team-mobile",
    ["data"] = "team-data-eng"
};

// Lists members of a team mailing group for the "who's on this team" widget.
app.MapGet("/api/teams/{team}/members", (string team, LdapConnection ldap) =>
{
    if (!publishedTeams.TryGetValue(team, out var groupCn))
        return Results.NotFound();

    var request = new SearchRequest(
        GroupsBase,
        $"(&(objectClass=groupOfNames)(cn={groupCn}))",
        SearchScope.OneLevel,
        "cn", "member", "description");
    request.SizeLimit = 1;

    var response = (SearchResponse)ldap.SendRequest(request);
    if (response.Entries.Count == 0)
        return Results.NotFound();

    var entry = response.Entries[0];
    var members = entry.Attributes["member"]?.GetValues(typeof(string)).Cast<string>().ToList() ?? [];

    return Results.Ok(new
    {
        team = entry.Attributes["cn"]?[0]?.ToString(),
        description = entry.Attributes["description"]?[0]?.ToString(),
        members
    });
}).RequireAuthorization();

app.Run();
