using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Khabar.Storage;

/// <summary>
/// PostgreSQL, for a site that outgrows one machine. Owns the migrations under Migrations/Postgres. Besides the shared
/// model: article codes from a sequence (concurrent writers, unlike SQLite's one) and the search documents
/// (<c>tsvector</c> over Khabar's own search keys, GIN-indexed).
/// </summary>
public sealed class PostgresNewsDb(DbContextOptions<PostgresNewsDb> options) : NewsDb(options)
{
    /// <summary>The sequence new article codes come from.</summary>
    public const string ArticleCodes = "ArticleCodes";

    public DbSet<ArticleSearchDocument> ArticleSearch => Set<ArticleSearchDocument>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasSequence<long>(ArticleCodes).StartsAt(1000);
        builder.Entity<ArticleSearchDocument>(e =>
        {
            e.ToTable("ArticleSearch");
            e.HasKey(d => d.ArticleId);
            e.Property(d => d.ArticleId).ValueGeneratedNever();
            e.Property(d => d.Document).HasColumnType("tsvector");
            e.HasIndex(d => d.Document).HasMethod("GIN");
            e.HasOne<Article>().WithOne().HasForeignKey<ArticleSearchDocument>(d => d.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

/// <summary>
/// One article's search document on PostgreSQL: its search keys, weighted by field, and beside them what the reader's
/// filters ask of the article (its publication time and service), so that a search reads this table alone.
/// </summary>
public sealed class ArticleSearchDocument
{
    public int ArticleId { get; set; }

    public DateTime? PublishedAt { get; set; }

    public int ServiceId { get; set; }

    public NpgsqlTypes.NpgsqlTsVector Document { get; set; } = null!;
}

/// <summary>Lets `dotnet ef migrations add` build the PostgreSQL context without a server.</summary>
public sealed class PostgresNewsDbDesignFactory : IDesignTimeDbContextFactory<PostgresNewsDb>
{
    public PostgresNewsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresNewsDb>().UseNpgsql("Host=127.0.0.1;Database=khabar_design").Options);
}
