using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Khabar.Storage;

/// <summary>
/// The one EF Core model of Khabar. Provider-neutral: each database gets a subclass that owns its
/// migrations (<see cref="SqliteNewsDb"/> now, PostgreSQL later).
/// </summary>
public abstract class NewsDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Service> Services => Set<Service>();

    public DbSet<Article> Articles => Set<Article>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<CommentVote> CommentVotes => Set<CommentVote>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC: written as UTC, read back with Kind=Utc.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Service>(e =>
        {
            e.HasIndex(s => s.Slug).IsUnique();
            e.Property(s => s.Slug).HasMaxLength(100);
            e.Property(s => s.Name).HasMaxLength(100);
            e.Property(s => s.Color).HasMaxLength(16);
        });

        modelBuilder.Entity<Article>(e =>
        {
            e.HasIndex(a => a.Code).IsUnique();
            e.HasIndex(a => new { a.Status, a.PublishedAt });
            e.HasIndex(a => new { a.ServiceId, a.Status, a.PublishedAt });
            e.Property(a => a.Rotitr).HasMaxLength(300);
            e.Property(a => a.Title).HasMaxLength(300);
            e.Property(a => a.Lead).HasMaxLength(2000);
            e.Property(a => a.Slug).HasMaxLength(200);
            e.Property(a => a.ImageUrl).HasMaxLength(500);
            e.Property(a => a.ImageCaption).HasMaxLength(500);
            e.Property(a => a.Source).HasMaxLength(200);
            e.HasOne(a => a.Service).WithMany(s => s.Articles).HasForeignKey(a => a.ServiceId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(a => a.Tags).WithMany(t => t.Articles).UsingEntity("ArticleTags");
        });

        modelBuilder.Entity<Tag>(e =>
        {
            e.HasIndex(t => t.Name).IsUnique();
            e.Property(t => t.Name).HasMaxLength(100);
        });

        modelBuilder.Entity<Comment>(e =>
        {
            e.HasIndex(c => new { c.ArticleId, c.Status, c.CreatedAt });
            e.HasIndex(c => new { c.Status, c.CreatedAt });
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.Email).HasMaxLength(254);
            e.Property(c => c.Text).HasMaxLength(4000);
            e.Property(c => c.CountryCode).HasMaxLength(2);
            e.Property(c => c.Ip).HasMaxLength(45);
            e.HasOne(c => c.Article).WithMany(a => a.Comments).HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(c => c.Parent).WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CommentVote>(e =>
        {
            e.HasKey(v => new { v.CommentId, v.VisitorId });
            e.Property(v => v.VisitorId).HasMaxLength(64);
            e.HasOne<Comment>().WithMany().HasForeignKey(v => v.CommentId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    internal sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
