using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Payroll.Api;

public sealed class BankDetailsProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public BankDetailsProtector()
    {
        var encoded = Environment.GetEnvironmentVariable("PAYROLL_FIELD_KEY")
            ?? throw new InvalidOperationException("PAYROLL_FIELD_KEY is not set");
        _key = Convert.FromBase64String(encoded);
        if (_key.Length != 32)
            throw new InvalidOperationException("PAYROLL_FIELD_KEY must be 256 bits");
    }

    // Layout: nonce | tag | ciphertext
    public string Protect(string iban)
    {
        var plain = Encoding.UTF8.GetBytes(iban);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return Convert.ToBase64String(output);
    }

    public string Unprotect(string stored)
    {
        var input = Convert.FromBase64String(stored);
        var plain = new byte[input.Length - NonceSize - TagSize];

        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }
}

public sealed record BankDetailsRequest(string AccountHolder, string Iban);

[ApiController]
[Authorize]
[Route("api/employees/me/bank-details")]
public sealed class BankDetailsController : ControllerBase
{
    private readonly BankDetailsProtector _protector;
    private readonly IEmployeeStore _employees;

    public BankDetailsController(BankDetailsProtector protector, IEmployeeStore employees)
    {
        _protector = protector;
        _employees = employees;
    }

    [HttpPut]
    public async Task<IActionResult> Update([FromBody] BankDetailsRequest request, CancellationToken ct)
    {
        var iban = request.Iban.Replace(" ", "").ToUpperInvariant();
        if (iban.Length is < 15 or > 34)
            return BadRequest(new { message = "IBAN length is invalid" });

        var employeeId = User.FindFirst("employee_id")!.Value;
        await _employees.SaveBankDetailsAsync(employeeId, request.AccountHolder, _protector.Protect(iban), ct);
        return NoContent();
    }

    [HttpGet]
    public async Task<IActionResult> Get(CancellationToken ct)
    {
        var employeeId = User.FindFirst("employee_id")!.Value;
        var record = await _employees.GetBankDetailsAsync(employeeId, ct);
        if (record is null)
            return NotFound();

        var iban = _protector.Unprotect(record.Value.EncryptedIban);
        return Ok(new { record.Value.AccountHolder, ibanLast4 = iban[^4..] });
    }
}

public interface IEmployeeStore
{
    Task SaveBankDetailsAsync(string employeeId, string holder, string encryptedIban, CancellationToken ct);
    Task<(string AccountHolder, string EncryptedIban)?> GetBankDetailsAsync(string employeeId, CancellationToken ct);
}
