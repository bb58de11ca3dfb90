using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Payroll.Api;

public sealed class BankDetailsProtector
{
    private readonly byte[] _key;

    public BankDetailsProtector()
    {
        var encoded = Environment.GetEnvironmentVariable("PAYROLL_FIELD_KEY")
            ?? throw new InvalidOperationException("PAYROLL_FIELD_KEY is not set");
        _key = Convert.FromBase64String(encoded);
        if (_key.Length != 32)
            throw new InvalidOperationException("PAYROLL_FIELD_KEY must be 256 bits");
    }

    public string Protect(string iban)
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        var plain = Encoding.UTF8.GetBytes(iban);
        var cipher = aes.EncryptEcb(plain, PaddingMode.PKCS7);
        return Convert.ToBase64String(cipher);
    }

    public string Unprotect(string stored)
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        var plain = aes.DecryptEcb(Convert.FromBase64String(stored), PaddingMode.PKCS7);
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
