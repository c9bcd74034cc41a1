using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace SentiMail.Host.Storage;

/// <summary>
/// The host's database: Identity's tables, <c>Analyses</c>, <c>ApiKeys</c> and the Data Protection keys that sign
/// sign-in cookies (shared by every replica, kept across restarts). Each provider has its own subclass
/// (<see cref="SqliteSentiMailDbContext"/>, <see cref="PostgresSentiMailDbContext"/>) so that each has its own migrations.
/// </summary>
internal abstract class SentiMailDbContext(DbContextOptions options) : IdentityDbContext<SentiMailUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AnalysisEntity> Analyses => Set<AnalysisEntity>();

    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    /// <summary>Gets the names of the tables that backups count and compare, in a fixed order.</summary>
    public static IReadOnlyList<string> CountedTables { get; } =
        ["Analyses", "ApiKeys", "AspNetUsers", "AspNetRoles", "AspNetUserRoles"];

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AnalysisEntity>(e =>
        {
            e.ToTable("Analyses");
            e.HasKey(a => a.Id);
            e.Property(a => a.OwnerId).HasMaxLength(450);
            e.Property(a => a.SourceFileName).HasMaxLength(260);
            e.Property(a => a.ReportJson).IsRequired();
            e.Property(a => a.RawMessageKeyId).HasMaxLength(64);
            // GET /analyses: one owner, newest first, optionally one verdict; the id breaks ties.
            e.HasIndex(a => new { a.OwnerId, a.CreatedAt, a.Id });
            e.HasIndex(a => new { a.OwnerId, a.Verdict, a.CreatedAt });
            // Administrators' listing of every owner and the retention purge.
            e.HasIndex(a => a.CreatedAt);
        });
        builder.Entity<ApiKeyEntity>(e =>
        {
            e.ToTable("ApiKeys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Id).HasMaxLength(64);
            e.Property(k => k.OwnerId).HasMaxLength(450).IsRequired();
            e.Property(k => k.Name).HasMaxLength(100).IsRequired();
            e.Property(k => k.Scopes).HasMaxLength(200).IsRequired();
            e.Property(k => k.SecretHash).IsRequired();
            e.Property(k => k.ReplacedBy).HasMaxLength(64);
            e.HasIndex(k => new { k.OwnerId, k.CreatedAt });
        });
        builder.Entity<SentiMailUser>(e => e.Property(u => u.CreatedAt));
    }
}
