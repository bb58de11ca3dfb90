using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;

public class UserService
{
    public string HashPassword(string password)
    {
        using var md5 = MD5.Create();
        // ruleid: cs-weak-hash-credential
        var bytes = md5.ComputeHash(Encoding.UTF8.GetBytes(password));
        return Convert.ToHexString(bytes);
    }

    public string HashPasswordStrong(string password, byte[] salt)
    {
        // ok: cs-weak-hash-credential
        var bytes = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600000, HashAlgorithmName.SHA256, 32);
        return Convert.ToHexString(bytes);
    }

    public string CreateApiKeyDigest(string apiKey)
    {
        // ruleid: cs-weak-hash-credential
        return Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(apiKey)));
    }
}

[ApiController]
[Route("api/account")]
public class AccountApiController : ControllerBase
{
    [HttpPost("register")]
    public IActionResult Register([FromBody] RegisterDto dto)
    {
        // ruleid: cs-weak-hash-credential
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(dto.Password));
        return Ok(Convert.ToBase64String(hash));
    }
}

public class AssetService
{
    public string ComputeETag(byte[] content)
    {
        // ok: cs-weak-hash-credential
        var hash = MD5.HashData(content);
        return "\"" + Convert.ToHexString(hash) + "\"";
    }

    public string FileChecksum(string path)
    {
        using var sha1 = SHA1.Create();
        using var stream = File.OpenRead(path);
        // ok: cs-weak-hash-credential
        return Convert.ToHexString(sha1.ComputeHash(stream));
    }
}
