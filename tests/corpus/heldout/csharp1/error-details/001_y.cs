using System.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.SqlClient;

namespace Clinic.Api.Controllers;

public sealed record AppointmentSlot(int Id, DateTime StartsAt, string Practitioner);
public sealed record BookingRequest(int SlotId, string Reason);

[ApiController]
[Authorize]
[Route("api/appointments")]
public sealed class AppointmentsController : ControllerBase
{
    private readonly string _connectionString;
    private readonly ILogger<AppointmentsController> _logger;

    public AppointmentsController(IConfiguration config, ILogger<AppointmentsController> logger)
    {
        _connectionString = config.GetConnectionString("Clinic")!;
        _logger = logger;
    }

    [HttpPost]
    public async Task<IActionResult> Book([FromBody] BookingRequest request, CancellationToken ct)
    {
        var patientId = User.FindFirst("patient_id")?.Value;
        if (patientId is null)
            return Forbid();

        try
        {
            await using var conn = new SqlConnection(_connectionString);
            await conn.OpenAsync(ct);

            await using var cmd = new SqlCommand("dbo.BookAppointment", conn)
            {
                CommandType = CommandType.StoredProcedure
            };
            cmd.Parameters.Add("@SlotId", SqlDbType.Int).Value = request.SlotId;
            cmd.Parameters.Add("@PatientId", SqlDbType.NVarChar, 36).Value = patientId;
            cmd.Parameters.Add("@Reason", SqlDbType.NVarChar, 500).Value = request.Reason;

            var bookingId = (int)(await cmd.ExecuteScalarAsync(ct))!;
            return Created($"/api/appointments/{bookingId}", new { bookingId });
        }
        catch (SqlException ex) when (ex.Number == 50001)
        {
            return Conflict(new { message = "That slot has just been taken." });
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Booking failed for slot {SlotId}", request.SlotId);
            return StatusCode(StatusCodes.Status500InternalServerError, new
            {
                message = "Booking failed",
                detail = ex.ToString()
            });
        }
    }
}
