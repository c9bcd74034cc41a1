using Microsoft.AspNetCore.Authorization;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Succeeds a <see cref="ScopeRequirement"/> when <see cref="ScopeRequirement.IsGranted"/> says so.</summary>
internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (ScopeRequirement.IsGranted(context.User, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
