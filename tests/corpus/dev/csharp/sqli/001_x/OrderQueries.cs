using System.Text;
using Dapper;
using Microsoft.Data.SqlClient;

namespace Warehouse.Api.Queries;

public sealed record OrderFilter(string? Status, string? CustomerCode, string Sort, int Page);

public sealed record OrderRow(int Id, string CustomerCode, string Status, decimal Total, DateTime CreatedAt);

public sealed class OrderQueries
{
    private const int PageSize = 50;
    private readonly SqlConnection _connection;

    public OrderQueries(SqlConnection connection) => _connection = connection;

    public async Task<IReadOnlyList<OrderRow>> ListAsync(OrderFilter filter, CancellationToken ct)
    {
        var sql = new StringBuilder(
            "SELECT o.Id, c.Code AS CustomerCode, o.Status, o.Total, o.CreatedAt " +
            "FROM dbo.Orders o JOIN dbo.Customers c ON c.Id = o.CustomerId WHERE 1 = 1");
        var args = new DynamicParameters();

        if (!string.IsNullOrEmpty(filter.CustomerCode))
        {
            sql.Append(" AND c.Code = @customer");
            args.Add("customer", filter.CustomerCode);
        }

        if (!string.IsNullOrEmpty(filter.Status))
        {
            sql.Append($" AND o.Status = '{filter.Status}'");
        }

        sql.Append(filter.Sort switch
        {
            "created_asc" => " ORDER BY o.CreatedAt ASC",
            "total_desc" => " ORDER BY o.Total DESC",
            "total_asc" => " ORDER BY o.Total ASC",
            _ => " ORDER BY o.CreatedAt DESC"
        });

        sql.Append(" OFFSET @offset ROWS FETCH NEXT @pageSize ROWS ONLY");
        args.Add("offset", (filter.Page - 1) * PageSize);
        args.Add("pageSize", PageSize);

        var rows = await _connection.QueryAsync<OrderRow>(
            new CommandDefinition(sql.ToString(), args, cancellationToken: ct));
        return rows.AsList();
    }
}
