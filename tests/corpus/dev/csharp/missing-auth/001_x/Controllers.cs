using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Receivables.Api.Controllers;

[ApiController]
[Route("health")]
public sealed class HealthController : ControllerBase
{
    [HttpGet]
    public IActionResult Get() => Ok(new { status = "ok" });
}

[ApiController]
[Authorize(Roles = "finance")]
[Route("api/invoices")]
public sealed class InvoicesController : ControllerBase
{
    private readonly IReceivablesService _receivables;

    public InvoicesController(IReceivablesService receivables) => _receivables = receivables;

    [HttpGet("overdue")]
    public async Task<IActionResult> Overdue(CancellationToken ct) =>
        Ok(await _receivables.OverdueInvoicesAsync(ct));

    [HttpPost("{invoiceId:int}/write-off")]
    public async Task<IActionResult> WriteOff(int invoiceId, CancellationToken ct)
    {
        await _receivables.WriteOffAsync(invoiceId, User.Identity!.Name!, ct);
        return NoContent();
    }
}

[ApiController]
[Authorize(Roles = "finance")]
[Route("api/exports")]
public sealed class ExportsController : ControllerBase
{
    private readonly IReceivablesService _receivables;

    public ExportsController(IReceivablesService receivables) => _receivables = receivables;

    // Monthly customer balance export pulled into the finance spreadsheet via Power Query.
    [HttpGet("customer-balances")]
    public async Task<IActionResult> CustomerBalances([FromQuery] int year, [FromQuery] int month, CancellationToken ct)
    {
        if (month is < 1 or > 12 || year < 2015)
            return BadRequest();

        var rows = await _receivables.CustomerBalancesAsync(year, month, ct);
        return Ok(new { year, month, rows });
    }
}

public sealed record CustomerBalance(int CustomerId, string Name, string Email, decimal Balance);

public interface IReceivablesService
{
    Task<IReadOnlyList<object>> OverdueInvoicesAsync(CancellationToken ct);
    Task WriteOffAsync(int invoiceId, string approvedBy, CancellationToken ct);
    Task<IReadOnlyList<CustomerBalance>> CustomerBalancesAsync(int year, int month, CancellationToken ct);
}
