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
public sealed class CardNumberCipher
{
    private readonly byte[] _key;

    public CardNumberCipher()
    {
        _key = Convert.FromBase64String(Environment.GetEnvironmentVariable("LOYALTY_CARD_KEY")
            ?? throw new InvalidOperationException("LOYALTY_CARD_KEY is not set"));
    }

    public string Encrypt(string cardNumber)
    {
        using var des = DES.Create();
        des.Key = _key;
        des.GenerateIV();

        var cipherText = des.EncryptCbc(Encoding.ASCII.GetBytes(cardNumber), des.IV);
        return Convert.ToBase64String(des.IV.Concat(cipherText).ToArray());
    }

    public string Decrypt(string stored)
    {
        var raw = Convert.FromBase64String(stored);
        using var des = DES.Create();
        des.Key = _key;
        var plain = des.DecryptCbc(raw.AsSpan(8), raw.AsSpan(0, 8));
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
