using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;

namespace Audit.Forwarding;

public sealed class SyslogOptions
{
    public string Host { get; set; } = "siem.internal.example.com";
    public int Port { get; set; } = 6514;
}

// Ships audit events to the SIEM over syslog-over-TLS (RFC 5425).
public sealed class TlsSyslogForwarder : IAsyncDisposable
{
    private readonly SyslogOptions _options;
    private readonly ILogger<TlsSyslogForwarder> _logger;
    private TcpClient? _tcp;
    private SslStream? _stream;

    public TlsSyslogForwarder(IOptions<SyslogOptions> options, ILogger<TlsSyslogForwarder> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    private async Task<SslStream> ConnectAsync(CancellationToken ct)
    {
        if (_stream is not null)
            return _stream;

        _tcp = new TcpClient();
        await _tcp.ConnectAsync(_options.Host, _options.Port, ct);

        _stream = new SslStream(_tcp.GetStream(), leaveInnerStreamOpen: false, ValidateServerCertificate);
        await _stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = _options.Host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13
        }, ct);

        return _stream;
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;

        // The SIEM certificate is issued by the internal CA, which is in the machine trust store.
        _logger.LogError("Refusing SIEM connection, certificate check reported {Errors} for {Subject}",
            errors, certificate?.Subject);
        return false;
    }

    public async Task SendAsync(string appName, string message, CancellationToken ct)
    {
        var stream = await ConnectAsync(ct);
        var line = $"<110>1 {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {Environment.MachineName} {appName} - - - {message}";
        var payload = Encoding.UTF8.GetBytes(line);
        var frame = Encoding.ASCII.GetBytes($"{payload.Length} ");

        await stream.WriteAsync(frame, ct);
        await stream.WriteAsync(payload, ct);
        await stream.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null) await _stream.DisposeAsync();
        _tcp?.Dispose();
    }
}
