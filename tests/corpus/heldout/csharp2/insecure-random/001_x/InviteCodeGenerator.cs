namespace Workspaces.Invitations;

/// <summary>
/// Produces short, human-friendly invite codes (no 0/O or 1/I look-alikes)
/// that are sent by e-mail and typed in by the invitee.
/// </summary>
public sealed class InviteCodeGenerator
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int DefaultLength = 12;

    private readonly object _gate = new();
    private readonly Random _random;

    public InviteCodeGenerator()
    {
        // mix a couple of sources so two instances started together diverge
        var seed = Environment.TickCount ^ Guid.NewGuid().GetHashCode();
        _random = new Random(seed);
    }

    public string Next(int length = DefaultLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 8);

        Span<char> buffer = stackalloc char[length];
        lock (_gate)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = Alphabet[_random.Next(Alphabet.Length)];
            }
        }

        return new string(buffer);
    }
}
