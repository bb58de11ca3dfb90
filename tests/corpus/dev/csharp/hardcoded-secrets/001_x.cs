using Microsoft.EntityFrameworkCore;

namespace Inventory.Data;

public sealed class StockItem
{
    public int Id { get; set; }
    public string Sku { get; set; } = "";
    public string Description { get; set; } = "";
    public int OnHand { get; set; }
    public int ReorderLevel { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class StockMovement
{
    public long Id { get; set; }
    public int StockItemId { get; set; }
    public int Quantity { get; set; }
    public string Reason { get; set; } = "";
    public DateTime OccurredAt { get; set; }
}

public sealed class InventoryContext : DbContext
{
    private const string ConnectionString =
        "Host=pg-inventory.prod.internal;Port=5432;Database=inventory;Username=inventory_app;Password=v8Qm!x2LrT#9wZe4;SSL Mode=Require";

    public DbSet<StockItem> StockItems => Set<StockItem>();
    public DbSet<StockMovement> Movements => Set<StockMovement>();

    protected override void OnConfiguring(DbContextOptionsBuilder options)
    {
        if (!options.IsConfigured)
        {
            options.UseNpgsql(ConnectionString, npgsql => npgsql.EnableRetryOnFailure(3));
        }
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StockItem>(e =>
        {
            e.HasIndex(x => x.Sku).IsUnique();
            e.Property(x => x.Sku).HasMaxLength(32);
        });

        model.Entity<StockMovement>(e =>
        {
            e.HasIndex(x => new { x.StockItemId, x.OccurredAt });
            e.Property(x => x.Reason).HasMaxLength(200);
        });
    }
}
