using System.Collections.Generic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

public static class CorsSetup
{
    private static readonly HashSet<string> AllowedOrigins = new() { "https://app.example.com" };

    public static void AddPolicies(IServiceCollection services)
    {
        services.AddCors(options =>
        {
            options.AddPolicy("spa", policy =>
                // ruleid: cs-cors-any-origin-with-credentials
                policy.SetIsOriginAllowed(origin => true)
                      .AllowAnyHeader()
                      .AllowAnyMethod()
                      .AllowCredentials());

            options.AddPolicy("partners", policy =>
                // ruleid: cs-cors-any-origin-with-credentials
                policy.AllowAnyOrigin().AllowAnyHeader().AllowCredentials());

            options.AddPolicy("strict", policy =>
                // ok: cs-cors-any-origin-with-credentials
                policy.WithOrigins("https://app.example.com")
                      .AllowAnyHeader()
                      .AllowCredentials());

            options.AddPolicy("public", policy =>
                // ok: cs-cors-any-origin-with-credentials
                policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());

            options.AddPolicy("dynamic", policy =>
                // ok: cs-cors-any-origin-with-credentials
                policy.SetIsOriginAllowed(origin => AllowedOrigins.Contains(origin)).AllowCredentials());
        });
    }

    public static void UseManualCors(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var origin = context.Request.Headers["Origin"];
            // ruleid: cs-cors-reflected-origin-with-credentials, cs-cors-reflected-origin-variable
            context.Response.Headers["Access-Control-Allow-Origin"] = context.Request.Headers["Origin"];
            context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
            await next();
        });

        app.Use(async (context, next) =>
        {
            string origin = context.Request.Headers["Origin"];
            if (AllowedOrigins.Contains(origin))
            {
                // ok: cs-cors-reflected-origin-with-credentials
                context.Response.Headers["Access-Control-Allow-Origin"] = context.Request.Headers["Origin"];
                context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
            }
            await next();
        });

        app.Use(async (context, next) =>
        {
            // ok: cs-cors-reflected-origin-with-credentials
            context.Response.Headers["Access-Control-Allow-Origin"] = "*";
            await next();
        });
    }
}

public class LegacyCorsMiddleware
{
    private readonly RequestDelegate _next;

    public LegacyCorsMiddleware(RequestDelegate next)
    {
        _next = next;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        // ruleid: cs-cors-reflected-origin-with-credentials, cs-cors-reflected-origin-variable
        context.Response.Headers.Append("Access-Control-Allow-Origin", context.Request.Headers.Origin);
        context.Response.Headers.Append("Access-Control-Allow-Credentials", "true");
        await _next(context);
    }
}

public static class EdgeCors
{
    private static readonly string[] Partners = { "https://portal.example.org", "https://admin.example.org" };

    public static void Use(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            string requestOrigin = http.Request.Headers.Origin.ToString();
            if (requestOrigin.Length > 0)
            {
                // ruleid: cs-cors-reflected-origin-variable
                http.Response.Headers.AccessControlAllowOrigin = requestOrigin;
                http.Response.Headers.AccessControlAllowCredentials = "true";
            }
            await next();
        });

        app.Use(async (http, next) =>
        {
            string requestOrigin = http.Request.Headers.Origin.ToString();
            if (Partners.Contains(requestOrigin, StringComparer.OrdinalIgnoreCase))
            {
                // ok: cs-cors-reflected-origin-variable
                http.Response.Headers.AccessControlAllowOrigin = requestOrigin;
                http.Response.Headers.AccessControlAllowCredentials = "true";
            }
            await next();
        });

        app.Use(async (http, next) =>
        {
            var o = http.Request.Headers["Origin"].ToString();
            if (!IsTrustedOrigin(o))
            {
                await next();
                return;
            }
            // ok: cs-cors-reflected-origin-variable
            http.Response.Headers["Access-Control-Allow-Origin"] = o;
            http.Response.Headers["Access-Control-Allow-Credentials"] = "true";
            await next();
        });

        app.Use(async (http, next) =>
        {
            var o = http.Request.Headers["Origin"].ToString();
            // ok: cs-cors-reflected-origin-variable
            http.Response.Headers["Access-Control-Allow-Origin"] = o;
            await next();
        });
    }

    private static bool IsTrustedOrigin(string origin) => Partners.Contains(origin);
}
