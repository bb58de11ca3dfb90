using Microsoft.EntityFrameworkCore;
using Shop.Catalog.Controllers;

namespace Shop.Catalog.Data;

public interface IProductRepository
{
    Task<IReadOnlyList<Product>> SearchAsync(ProductSearch search, CancellationToken ct);
}

public sealed class ProductRepository : IProductRepository
{
    private readonly CatalogDbContext _db;

    public ProductRepository(CatalogDbContext db) => _db = db;

    public async Task<IReadOnlyList<Product>> SearchAsync(ProductSearch search, CancellationToken ct)
    {
        // The full-text index lives on a view, so we go through raw SQL here and compose on top.
        var sql = $"SELECT * FROM dbo.vw_ProductSearch WHERE Name LIKE '%{search.Term}%'";
        if (search.Category != "all")
        {
            sql += $" AND Category = '{search.Category}'";
        }

        return await _db.Products
            .FromSqlRaw(sql)
            .AsNoTracking()
            .OrderBy(p => p.Name)
            .Skip((search.Page - 1) * search.PageSize)
            .Take(search.PageSize)
            .ToListAsync(ct);
    }
}

public sealed class Product
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public decimal Price { get; set; }
    public string Category { get; set; } = "";
}

public sealed class CatalogDbContext : DbContext
{
    public CatalogDbContext(DbContextOptions<CatalogDbContext> options) : base(options) { }
    public DbSet<Product> Products => Set<Product>();
}
