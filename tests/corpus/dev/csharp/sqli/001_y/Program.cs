using Microsoft.Data.SqlClient;
using Warehouse.Api.Queries;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();
builder.Services.AddScoped(_ => new SqlConnection(builder.Configuration.GetConnectionString("Warehouse")));
builder.Services.AddScoped<OrderQueries>();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

var orders = app.MapGroup("/api/orders").RequireAuthorization();

// GET /api/orders?status=shipped&customer=ACME&sort=created_desc&page=1
orders.MapGet("/", async (
    string? status,
    string? customer,
    string? sort,
    int? page,
    OrderQueries queries,
    CancellationToken ct) =>
{
    var filter = new OrderFilter(
        Status: status,
        CustomerCode: customer,
        Sort: sort ?? "created_desc",
        Page: Math.Max(page ?? 1, 1));

    var rows = await queries.ListAsync(filter, ct);
    return Results.Ok(rows);
});

app.Run();
