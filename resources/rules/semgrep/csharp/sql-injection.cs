using System.Collections.Generic;
using System.Data.SqlClient;
using System.Threading.Tasks;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

[ApiController]
[Route("api/[controller]")]
public class ProductsController : ControllerBase
{
    private static readonly Dictionary<string, string> SortColumns = new()
    {
        ["name"] = "Name",
        ["price"] = "Price",
    };

    private readonly SqlConnection _connection;
    private readonly ShopContext _db;

    public ProductsController(SqlConnection connection, ShopContext db)
    {
        _connection = connection;
        _db = db;
    }

    [HttpGet("search")]
    public IActionResult Search([FromQuery] string name)
    {
        // ruleid: cs-sql-injection
        using var cmd = new SqlCommand("SELECT * FROM Products WHERE Name = '" + name + "'", _connection);
        return Ok(cmd.ExecuteReader());
    }

    [HttpGet("search2")]
    public IActionResult SearchSafe([FromQuery] string name)
    {
        // ok: cs-sql-injection
        using var cmd = new SqlCommand("SELECT * FROM Products WHERE Name = @name", _connection);
        cmd.Parameters.AddWithValue("@name", name);
        return Ok(cmd.ExecuteReader());
    }

    [HttpGet("{id}")]
    public IActionResult ById(string id)
    {
        var cmd = _connection.CreateCommand();
        // ruleid: cs-sql-injection
        cmd.CommandText = $"SELECT * FROM Products WHERE Id = {id}";
        return Ok(cmd.ExecuteScalar());
    }

    [HttpGet("n/{id}")]
    public IActionResult ByNumericId(string id)
    {
        var num = int.Parse(id);
        var cmd = _connection.CreateCommand();
        // ok: cs-sql-injection
        cmd.CommandText = $"SELECT * FROM Products WHERE Id = {num}";
        return Ok(cmd.ExecuteScalar());
    }

    [HttpGet("typed/{id}")]
    public IActionResult ByTypedId(int id)
    {
        var cmd = _connection.CreateCommand();
        // ok: cs-sql-injection
        cmd.CommandText = "SELECT * FROM Products WHERE Id = " + id;
        return Ok(cmd.ExecuteScalar());
    }

    [HttpGet("ef")]
    public async Task<IActionResult> Ef([FromQuery] string category)
    {
        // ruleid: cs-sql-injection
        var rows = await _db.Products.FromSqlRaw($"SELECT * FROM Products WHERE Category = '{category}'").ToListAsync();
        // ok: cs-sql-injection
        var safe = await _db.Products.FromSqlInterpolated($"SELECT * FROM Products WHERE Category = {category}").ToListAsync();
        // ok: cs-sql-injection
        var safe2 = await _db.Products.FromSqlRaw("SELECT * FROM Products WHERE Category = {0}", category).ToListAsync();
        return Ok(rows.Concat(safe).Concat(safe2));
    }

    [HttpGet("sorted")]
    public async Task<IActionResult> Sorted([FromQuery] string sort, [FromQuery] string dir)
    {
        var column = SortColumns.GetValueOrDefault(sort, "Name");
        var direction = dir == "desc" ? "DESC" : "ASC";
        // ok: cs-sql-injection
        var rows = await _connection.QueryAsync<Product>($"SELECT * FROM Products ORDER BY {column} {direction}");
        // ruleid: cs-sql-injection
        var bad = await _connection.QueryAsync<Product>("SELECT * FROM Products ORDER BY " + sort);
        return Ok(rows.Concat(bad));
    }

    [HttpPost("delete")]
    public IActionResult Delete([FromBody] DeleteRequest req)
    {
        // ruleid: cs-sql-injection
        _db.Database.ExecuteSqlRaw("DELETE FROM Products WHERE Sku = '" + req.Sku + "'");
        // ok: cs-sql-injection
        _db.Database.ExecuteSqlInterpolated($"DELETE FROM Products WHERE Sku = {req.Sku}");
        return NoContent();
    }

    [HttpGet("header")]
    public IActionResult ByHeader()
    {
        string tenant = Request.Headers["X-Tenant"];
        // ruleid: cs-sql-injection
        var rows = _connection.Query<Product>("SELECT * FROM Products WHERE Tenant = '" + tenant + "'");
        // ok: cs-sql-injection
        var rows2 = _connection.Query<Product>("SELECT * FROM Products WHERE Tenant = @tenant", new { tenant });
        return Ok(rows.Concat(rows2));
    }

    [HttpPost("by-ids")]
    public IActionResult ByIds([FromBody] List<string> skus)
    {
        var names = skus.Select((_, i) => "@p" + i).ToList();
        var cmd = _connection.CreateCommand();
        // ok: cs-sql-injection
        cmd.CommandText = "SELECT * FROM Products WHERE Sku IN (" + string.Join(",", names) + ")";
        for (var i = 0; i < skus.Count; i++)
        {
            cmd.Parameters.AddWithValue("@p" + i, skus[i]);
        }
        return Ok(cmd.ExecuteReader());
    }

    [HttpPost("by-numeric-ids")]
    public IActionResult ByNumericIds([FromBody] int[] ids)
    {
        var cmd = _connection.CreateCommand();
        // ok: cs-sql-injection
        cmd.CommandText = "SELECT * FROM Products WHERE Id IN (" + string.Join(",", ids) + ")";
        return Ok(cmd.ExecuteReader());
    }
}

public static class ProductEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/products/by-name", async (string name, SqlConnection conn) =>
        {
            // ruleid: cs-sql-injection
            return await conn.QueryAsync<Product>($"SELECT * FROM Products WHERE Name = '{name}'");
        });

        app.MapGet("/products/by-name-safe", async (string name, SqlConnection conn) =>
        {
            // ok: cs-sql-injection
            return await conn.QueryAsync<Product>("SELECT * FROM Products WHERE Name = @name", new { name });
        });

        app.MapGet("/products/q", (HttpRequest request, ShopContext db) =>
        {
            var q = request.Query["q"];
            // ruleid: cs-sql-injection
            return db.Products.FromSqlRaw("SELECT * FROM Products WHERE Name LIKE '%" + q + "%'").ToList();
        });

        app.MapGet("/products/npgsql", async (string? name, NpgsqlDataSource dataSource) =>
        {
            // ruleid: cs-sql-injection
            await using var cmd = dataSource.CreateCommand($"SELECT * FROM products WHERE name = '{name}'");
            // ok: cs-sql-injection
            await using var cmd2 = dataSource.CreateCommand("SELECT * FROM products WHERE name = $1");
            cmd2.Parameters.AddWithValue(name ?? "");
            return Results.Ok(await cmd.ExecuteScalarAsync());
        });

        app.MapGet("/products/all", (ShopContext db) =>
        {
            const string table = "Products";
            // ok: cs-sql-injection
            return db.Products.FromSqlRaw("SELECT * FROM " + table).ToList();
        });
    }
}

public sealed record InvoiceSearch(string? Region, string? Customer, int Page);

public sealed class InvoiceQueries
{
    private readonly SqlConnection _connection;
    public InvoiceQueries(SqlConnection connection) => _connection = connection;

    public async Task<IEnumerable<Invoice>> SearchAsync(InvoiceSearch search)
    {
        var sql = new StringBuilder("SELECT * FROM Invoices WHERE 1 = 1");
        if (search.Region is not null)
            sql.Append(" AND Region = '" + search.Region + "'");
        // ruleid: cs-sql-injection-method-argument
        return await _connection.QueryAsync<Invoice>(sql.ToString());
    }

    public async Task<IEnumerable<Invoice>> SearchSafeAsync(InvoiceSearch search, CancellationToken ct)
    {
        var sql = new StringBuilder("SELECT * FROM Invoices WHERE 1 = 1");
        var args = new DynamicParameters();
        if (search.Region is not null)
        {
            sql.Append(" AND Region = @region");
            args.Add("region", search.Region);
        }
        // ok: cs-sql-injection-method-argument
        return await _connection.QueryAsync<Invoice>(new CommandDefinition(sql.ToString(), args, cancellationToken: ct));
    }

    public Task<int> CountForCustomer(string customer)
    {
        // ruleid: cs-sql-injection-method-argument
        return _connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT COUNT(*) FROM Invoices WHERE Customer = '{customer}'"));
    }

    public Task<int> RunScript(string sql)
    {
        // ok: cs-sql-injection-method-argument
        return _connection.ExecuteAsync(sql);
    }
}
