using System.Security.Cryptography;
using System.Text;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();
builder.Services.AddSingleton<CardNumberCipher>();
builder.Services.AddSingleton<ILoyaltyCardStore, SqlLoyaltyCardStore>();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

app.MapPost("/api/loyalty/cards", async (LinkCardRequest body, CardNumberCipher cipher, ILoyaltyCardStore store, HttpContext ctx) =>
{
    var digits = new string(body.CardNumber.Where(char.IsDigit).ToArray());
    if (digits.Length != 16)
        return Results.BadRequest(new { message = "card number must have 16 digits" });

    var memberId = ctx.User.FindFirst("member_id")!.Value;
    await store.SaveAsync(memberId, cipher.Encrypt(digits), digits[^4..]);
    return Results.NoContent();
}).RequireAuthorization();

app.Run();

public sealed record LinkCardRequest(string CardNumber);

// Card numbers are shared with the point-of-sale system, which decrypts them on its side.
// Format: IV (16) | ciphertext | HMAC-SHA256 over IV+ciphertext (32).
public sealed class CardNumberCipher
{
    private readonly byte[] _encKey;
    private readonly byte[] _macKey;

    public CardNumberCipher()
    {
        _encKey = ReadKey("LOYALTY_CARD_ENC_KEY");
        _macKey = ReadKey("LOYALTY_CARD_MAC_KEY");
    }

    private static byte[] ReadKey(string name)
    {
        var key = Convert.FromBase64String(Environment.GetEnvironmentVariable(name)
            ?? throw new InvalidOperationException($"{name} is not set"));
        return key.Length == 32 ? key : throw new InvalidOperationException($"{name} must be 256 bits");
    }

    public string Encrypt(string cardNumber)
    {
        using var aes = Aes.Create();
        aes.Key = _encKey;
        aes.GenerateIV();

        var cipherText = aes.EncryptCbc(Encoding.ASCII.GetBytes(cardNumber), aes.IV);
        var body = aes.IV.Concat(cipherText).ToArray();
        var tag = HMACSHA256.HashData(_macKey, body);
        return Convert.ToBase64String(body.Concat(tag).ToArray());
    }

    public string Decrypt(string stored)
    {
        var raw = Convert.FromBase64String(stored);
        var body = raw.AsSpan(0, raw.Length - 32);
        var tag = raw.AsSpan(raw.Length - 32);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_macKey, body), tag))
            throw new CryptographicException("card number failed integrity check");

        using var aes = Aes.Create();
        aes.Key = _encKey;
        var plain = aes.DecryptCbc(body[16..], body[..16]);
        return Encoding.ASCII.GetString(plain);
    }
}

public interface ILoyaltyCardStore
{
    Task SaveAsync(string memberId, string encryptedCard, string last4);
}

public sealed class SqlLoyaltyCardStore : ILoyaltyCardStore
{
    public Task SaveAsync(string memberId, string encryptedCard, string last4) => Task.CompletedTask;
}
