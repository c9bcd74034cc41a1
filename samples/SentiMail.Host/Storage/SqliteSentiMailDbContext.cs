using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SentiMail.Host.Storage;

/// <summary>The SQLite flavour of <see cref="SentiMailDbContext"/> (migrations in <c>Migrations/Sqlite</c>).</summary>
internal sealed class SqliteSentiMailDbContext(DbContextOptions<SqliteSentiMailDbContext> options) : SentiMailDbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        // The database file is created 0600 (not with the umask's 0644) and an existing one is made so.
        optionsBuilder.AddInterceptors(PrivateFiles.SqliteInterceptor);
        base.OnConfiguring(optionsBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type and EF cannot order or compare DateTimeOffset text there; times are stored as
        // UTC ticks (every time the host writes is UTC), which order and compare as integers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteSentiMailDbContext</c> build the model without the host.</summary>
internal sealed class SqliteSentiMailDbContextDesignFactory : IDesignTimeDbContextFactory<SqliteSentiMailDbContext>
{
    public SqliteSentiMailDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSentiMailDbContext>().UseSqlite("Data Source=design.db").Options);
}
