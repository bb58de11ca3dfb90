using System;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

[ApiController]
[Route("api/auth")]
public class AuthController : ControllerBase
{
    [HttpPost("login")]
    public IActionResult Login([FromBody] LoginDto dto)
    {
        var token = IssueToken(dto);
        // ruleid: cs-insecure-cookie-httponly-disabled
        Response.Cookies.Append("auth_token", token, new CookieOptions
        {
            HttpOnly = false,
            // ruleid: cs-insecure-cookie-secure-disabled
            Secure = false,
            // ruleid: cs-insecure-cookie-samesite-none
            SameSite = SameSiteMode.None,
        });
        return Ok();
    }

    [HttpPost("login-safe")]
    public IActionResult LoginSafe([FromBody] LoginDto dto)
    {
        var token = IssueToken(dto);
        // ok: cs-insecure-cookie-httponly-disabled
        Response.Cookies.Append("auth_token", token, new CookieOptions
        {
            HttpOnly = true,
            // ok: cs-insecure-cookie-secure-disabled
            Secure = true,
            // ok: cs-insecure-cookie-samesite-none
            SameSite = SameSiteMode.Strict,
            Expires = DateTimeOffset.UtcNow.AddHours(1),
        });
        return Ok();
    }

    [HttpPost("remember")]
    public IActionResult Remember([FromBody] LoginDto dto)
    {
        // ruleid: cs-insecure-cookie-missing-flags
        Response.Cookies.Append("session_id", Guid.NewGuid().ToString());
        return Ok();
    }

    [HttpPost("remember-safe")]
    public IActionResult RememberSafe([FromBody] LoginDto dto)
    {
        // ok: cs-insecure-cookie-missing-flags
        Response.Cookies.Append("session_id", Guid.NewGuid().ToString(), new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
        return Ok();
    }

    [HttpPost("theme")]
    public IActionResult Theme([FromQuery] string theme)
    {
        // ok: cs-insecure-cookie-httponly-disabled
        Response.Cookies.Append("theme", theme, new CookieOptions { HttpOnly = false, Secure = true });
        // ok: cs-insecure-cookie-missing-flags
        Response.Cookies.Append("ui_lang", "en");
        return Ok();
    }

    private static string IssueToken(LoginDto dto) => Guid.NewGuid().ToString("N");
}

public static class CookieAuthSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                // ruleid: cs-insecure-cookie-httponly-disabled
                options.Cookie.HttpOnly = false;
                // ruleid: cs-insecure-cookie-secure-disabled
                options.Cookie.SecurePolicy = CookieSecurePolicy.None;
            });

        services.AddSession(options =>
        {
            // ok: cs-insecure-cookie-httponly-disabled
            options.Cookie.HttpOnly = true;
            // ok: cs-insecure-cookie-secure-disabled
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            // ok: cs-insecure-cookie-samesite-none
            options.Cookie.SameSite = SameSiteMode.Lax;
        });
    }
}
