using Microsoft.EntityFrameworkCore;

namespace SentiMail.Host.Storage;

/// <summary>Serves the provider's context factory as a factory of the base <see cref="SentiMailDbContext"/>.</summary>
internal sealed class DbContextFactoryAdapter<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<SentiMailDbContext>
    where TContext : SentiMailDbContext
{
    public SentiMailDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<SentiMailDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
}
