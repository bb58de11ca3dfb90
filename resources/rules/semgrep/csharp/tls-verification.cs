using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;

public static class HttpClientSetup
{
    public static void Configure(IServiceCollection services)
    {
        services.AddHttpClient("partner")
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                // ruleid: cs-tls-verification-disabled
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });

        services.AddHttpClient("billing")
            .ConfigurePrimaryHttpMessageHandler(() =>
            {
                var handler = new HttpClientHandler();
                // ruleid: cs-tls-verification-disabled
                handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true;
                return handler;
            });

        services.AddHttpClient("pinned")
            .ConfigurePrimaryHttpMessageHandler(() =>
            {
                var handler = new HttpClientHandler();
                // ok: cs-tls-verification-disabled
                handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) =>
                    errors == SslPolicyErrors.None || cert?.GetCertHashString() == "9A1B2C3D4E5F60718293A4B5C6D7E8F901234567";
                return handler;
            });

        services.AddHttpClient("default")
            // ok: cs-tls-verification-disabled
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { CheckCertificateRevocationList = true });
    }

    public static void Legacy()
    {
        // ruleid: cs-tls-verification-disabled
        ServicePointManager.ServerCertificateValidationCallback += delegate { return true; };
    }

    public static SocketsHttpHandler Sockets()
    {
        var handler = new SocketsHttpHandler();
        // ruleid: cs-tls-verification-disabled
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => { return true; };
        return handler;
    }

    public static SocketsHttpHandler SocketsStrict()
    {
        var handler = new SocketsHttpHandler();
        // ok: cs-tls-verification-disabled
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => errors == SslPolicyErrors.None;
        return handler;
    }
}

public sealed class LdapsConnector
{
    private readonly ILogger _log;
    public LdapsConnector(ILogger log) => _log = log;

    public SslStream Open(Stream inner)
    {
        return new SslStream(inner, false, AcceptWithWarning);
    }

    // ruleid: cs-tls-verification-callback-method-accepts-all
    private bool AcceptWithWarning(object sender, X509Certificate? cert, X509Chain? chain, SslPolicyErrors policyErrors)
    {
        if (policyErrors != SslPolicyErrors.None)
            _log.LogWarning("LDAPS certificate problem: {Errors}", policyErrors);
        return true;
    }

    // ok: cs-tls-verification-callback-method-accepts-all
    private bool Strict(object sender, X509Certificate? cert, X509Chain? chain, SslPolicyErrors policyErrors)
    {
        if (policyErrors == SslPolicyErrors.None)
            return true;
        _log.LogWarning("LDAPS certificate rejected: {Errors}", policyErrors);
        return false;
    }

    // ok: cs-tls-verification-callback-method-accepts-all
    private static bool Pinned(HttpRequestMessage req, X509Certificate2? cert, X509Chain? chain, SslPolicyErrors errs)
    {
        if (errs == SslPolicyErrors.None)
            return true;
        return cert?.GetCertHashString() == "3F2A9C";
    }

    public HttpClientHandler Handler()
    {
        var h = new HttpClientHandler();
        // ruleid: cs-tls-verification-disabled
        h.ServerCertificateCustomValidationCallback = (msg, cert, chain, errs) => { _log.LogDebug("tls {E}", errs); return true; };
        var strict = new HttpClientHandler();
        // ok: cs-tls-verification-disabled
        strict.ServerCertificateCustomValidationCallback = (msg, cert, chain, errs) => { if (errs != SslPolicyErrors.None) { _log.LogDebug("x"); return false; } return true; };
        return h;
    }
}
