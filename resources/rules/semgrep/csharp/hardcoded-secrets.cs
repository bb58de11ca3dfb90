using System;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

public class PaymentGateway
{
    // ruleid: cs-hardcoded-secret-assignment
    private const string ApiKey = "pk_9f8e7d6c5b4a39281706";

    // ok: cs-hardcoded-secret-assignment
    private const string ApiKeyHeaderName = "X-Api-Key";

    // ok: cs-hardcoded-secret-assignment
    private const string ClientSecretConfigKey = "Payments:ClientSecret";

    private readonly string _clientSecret;

    public PaymentGateway(IConfiguration configuration)
    {
        // ok: cs-hardcoded-secret-assignment
        _clientSecret = configuration["Payments:ClientSecret"];
    }

    public NetworkCredential SmtpCredentials()
    {
        // ruleid: cs-hardcoded-secret-signing-key
        return new NetworkCredential("mailer@example.com", "Sup3rS3cretMail!");
    }

    public NetworkCredential SmtpCredentialsFromConfig(IConfiguration configuration)
    {
        // ok: cs-hardcoded-secret-signing-key
        return new NetworkCredential(configuration["Smtp:User"], configuration["Smtp:Password"]);
    }
}

public static class TokenSetup
{
    public static SymmetricSecurityKey Key()
    {
        // ruleid: cs-hardcoded-secret-signing-key
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes("my-very-long-jwt-signing-key-0123456789"));
    }

    public static SymmetricSecurityKey KeyFromConfig(IConfiguration configuration)
    {
        // ok: cs-hardcoded-secret-signing-key
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:SigningKey"]));
    }

    public static string Connection()
    {
        // ruleid: cs-hardcoded-secret-connection-string
        return "Server=db.internal;Database=shop;User Id=shop_app;Password=Shop2024!;";
    }

    public static string ConnectionTemplate(string password)
    {
        // ok: cs-hardcoded-secret-connection-string
        return $"Server=db.internal;Database=shop;User Id=shop_app;Password={password};";
    }

    public static string LocalDb()
    {
        // ok: cs-hardcoded-secret-connection-string
        return "Server=(localdb)\\mssqllocaldb;Database=shop;Trusted_Connection=True;";
    }

    public static void Login(UserCredentials creds)
    {
        // ruleid: cs-hardcoded-secret-assignment
        creds.Password = "Winter2024!";
        // ok: cs-hardcoded-secret-assignment
        creds.Password = Environment.GetEnvironmentVariable("SERVICE_PASSWORD");
        // ruleid: cs-hardcoded-secret-known-token
        var awsKey = "AKIAIOSFODNN7EXAMPLE";
        // ok: cs-hardcoded-secret-known-token
        var region = "eu-west-1";
        // ok: cs-hardcoded-secret-known-token
        var keyPrefix = "AKIA";
    }
}
