using System.Security.Cryptography;

namespace Workspaces.Invitations;

/// <summary>
/// Produces short, human-friendly invite codes (no 0/O or 1/I look-alikes)
/// that are sent by e-mail and typed in by the invitee.
/// </summary>
public sealed class InviteCodeGenerator
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int DefaultLength = 12;

    public string Next(int length = DefaultLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 8);

        // GetString picks each character uniformly from the alphabet using the OS CSPRNG
        return RandomNumberGenerator.GetString(Alphabet, length);
    }

    /// <summary>
    /// Spreads the reminder e-mails over a window so they do not all go out at once.
    /// </summary>
    public static TimeSpan ReminderJitter() =>
        TimeSpan.FromMinutes(Random.Shared.Next(0, 90));
}
