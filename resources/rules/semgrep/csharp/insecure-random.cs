using System;
using System.Linq;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;

public class PasswordResetService
{
    private static readonly Random _random = new Random();
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public string GenerateResetToken()
    {
        var chars = new char[32];
        for (var i = 0; i < chars.Length; i++)
        {
            // ruleid: cs-insecure-random-secret
            chars[i] = Alphabet[_random.Next(Alphabet.Length)];
        }
        return new string(chars);
    }

    public string GenerateResetTokenSecure()
    {
        // ok: cs-insecure-random-secret
        return RandomNumberGenerator.GetString(Alphabet, 32);
    }

    public int NextRetryDelayMs(int attempt)
    {
        // ok: cs-insecure-random-secret
        return (int)Math.Pow(2, attempt) * 100 + _random.Next(0, 100);
    }

    public T[] ShuffleQuestions<T>(T[] questions)
    {
        // ok: cs-insecure-random-secret
        return questions.OrderBy(_ => Random.Shared.Next()).ToArray();
    }
}

[ApiController]
[Route("api/mfa")]
public class MfaController : ControllerBase
{
    [HttpPost("send")]
    public IActionResult Send([FromBody] SendCodeDto dto)
    {
        // ruleid: cs-insecure-random-secret
        var otpCode = Random.Shared.Next(100000, 999999).ToString();
        // ok: cs-insecure-random-secret
        var requestId = Guid.NewGuid();
        return Ok(new { requestId, sent = otpCode.Length == 6 });
    }

    [HttpPost("session")]
    public IActionResult NewSession()
    {
        var rng = new Random();
        var bytes = new byte[16];
        // ruleid: cs-insecure-random-secret
        rng.NextBytes(bytes);
        var sessionId = Convert.ToHexString(bytes);
        return Ok(sessionId);
    }
}

public class LoginVerificationService
{
    private static readonly Random Digits = new Random();
    private readonly Random _gen = new();

    public string IssueChallenge(string user)
    {
        // ruleid: cs-insecure-random-secret
        var code = Digits.Next(100000, 999999).ToString();
        Save(user, code);
        return "sent";
    }

    public void Remember(string user)
    {
        string pin;
        // ruleid: cs-insecure-random-secret
        pin = _gen.Next(0, 10000).ToString("D4");
        Save(user, pin);
    }

    public int PickBanner()
    {
        // ok: cs-insecure-random-secret
        var index = Digits.Next(0, 5);
        return index;
    }
}

public class ProductCatalog
{
    private static readonly Random Picker = new();

    public string PromoColour()
    {
        // ok: cs-insecure-random-secret
        var code = Picker.Next(0, 6).ToString();
        return code;
    }
}
