using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SentiMail.Host.Storage;

/// <summary>The PostgreSQL flavour of <see cref="SentiMailDbContext"/> (migrations in <c>Migrations/PostgreSql</c>).</summary>
internal sealed class PostgresSentiMailDbContext(DbContextOptions<PostgresSentiMailDbContext> options) : SentiMailDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresSentiMailDbContext</c> build the model without a server.</summary>
internal sealed class PostgresSentiMailDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresSentiMailDbContext>
{
    public PostgresSentiMailDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSentiMailDbContext>().UseNpgsql("Host=localhost;Database=sentimail").Options);
}
