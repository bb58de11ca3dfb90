using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Ticketing.Notifications;

public sealed class SmtpSettings
{
    public string Host { get; init; } = "smtp.mailrelay.example.com";
    public int Port { get; init; } = 587;
    public string UserName { get; init; } = "ticketing-notifier@example.com";
    public string Password { get; init; } = "";
    public string FromAddress { get; init; } = "support@example.com";

    public static SmtpSettings FromEnvironment() => new()
    {
        UserName = Environment.GetEnvironmentVariable("SMTP_USERNAME") ?? "ticketing-notifier@example.com",
        Password = Environment.GetEnvironmentVariable("SMTP_PASSWORD")
            ?? throw new InvalidOperationException("SMTP_PASSWORD is not set")
    };
}

public sealed record TicketReplyNotice(string CustomerEmail, string CustomerName, string TicketNumber, string AgentName);

public interface ITicketNotifier
{
    Task SendReplyNoticeAsync(TicketReplyNotice notice, CancellationToken ct);
}

public sealed class SmtpTicketNotifier : ITicketNotifier
{
    private readonly SmtpSettings _settings;
    private readonly ILogger<SmtpTicketNotifier> _logger;

    public SmtpTicketNotifier(SmtpSettings settings, ILogger<SmtpTicketNotifier> logger)
    {
        _settings = settings;
        _logger = logger;
    }

    public async Task SendReplyNoticeAsync(TicketReplyNotice notice, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Support", _settings.FromAddress));
        message.To.Add(new MailboxAddress(notice.CustomerName, notice.CustomerEmail));
        message.Subject = $"[{notice.TicketNumber}] New reply from {notice.AgentName}";
        message.Body = new TextPart("plain")
        {
            Text = $"Hi {notice.CustomerName},\n\n{notice.AgentName} replied to your ticket {notice.TicketNumber}. " +
                   "Sign in to the help centre to read it.\n"
        };

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(_settings.Host, _settings.Port, SecureSocketOptions.StartTls, ct);
        await smtp.AuthenticateAsync(_settings.UserName, _settings.Password, ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);

        _logger.LogInformation("Reply notice sent for {Ticket}", notice.TicketNumber);
    }
}

public static class NotificationServiceCollectionExtensions
{
    public static IServiceCollection AddTicketNotifications(this IServiceCollection services) =>
        services
            .AddSingleton(_ => SmtpSettings.FromEnvironment())
            .AddSingleton<ITicketNotifier, SmtpTicketNotifier>();
}
