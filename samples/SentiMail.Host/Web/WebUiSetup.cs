using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace SentiMail.Host.Web;

/// <summary>Composes the web UI: Razor Pages under <c>Web/Pages</c>, its static files, sign-in redirects and error pages.</summary>
internal static class WebUiSetup
{
    /// <summary>Registers the UI's services (Razor Pages, antiforgery, the upload reader, the UI's authorization policy).</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddSentiMailWebUi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebUiOptions>().Bind(builder.Configuration.GetSection(WebUiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebUiOptions>>(new WebUiOptionsValidator());
        services.AddSingleton<WebUpload>();
        services.AddSingleton<ContentSecurityPolicyFilter>();
        services.AddSingleton<AntiforgeryFailureFilter>();
        services.AddAuthorizationBuilder().AddPolicy(WebUiDefaults.UserPolicy, p => p
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "SentiMail.Antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
            // The token travels in the form only, never in a header that script could set.
            o.HeaderName = null;
            // X-Frame-Options: DENY comes from the security headers; antiforgery would set SAMEORIGIN first.
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Web/Pages";
                // Every page needs a signed-in user, except those named here (and the upload page, when anonymous
                // uploads are allowed: see ConfigureAnonymousUpload).
                o.Conventions.AuthorizeFolder("/", WebUiDefaults.UserPolicy);
                o.Conventions.AllowAnonymousToPage("/SignIn");
                o.Conventions.AllowAnonymousToPage("/Error");
                o.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(ContentSecurityPolicyFilter)));
                o.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(AntiforgeryFailureFilter)));
            });
        services.AddOptions<RazorPagesOptions>().Configure<IOptions<WebUiOptions>>((o, ui) =>
        {
            if (ui.Value.AllowAnonymousUpload)
            {
                o.Conventions.AllowAnonymousToPage("/Index");
            }
        });

        // Protected pages send visitors to the sign-in page; the API keeps answering 401 (WWW-Authenticate: ApiKey) and 403.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure<IOptions<WebUiOptions>>((o, ui) =>
        {
            if (!ui.Value.Enabled)
            {
                return;
            }

            o.LoginPath = WebUiDefaults.SignInPath;
            o.ReturnUrlParameter = WebUiDefaults.ReturnUrlParameter;
            var redirectToLogin = o.Events.OnRedirectToLogin;
            o.Events.OnRedirectToLogin = context =>
            {
                if (!WebUiDefaults.IsUiPath(context.Request.Path))
                {
                    return redirectToLogin(context);
                }

                // A relative redirect with a local return URL (this request's path and query), whatever the Host header says.
                var request = context.Request;
                context.Response.Redirect(WebUiDefaults.SignInPath + QueryString.Create(WebUiDefaults.ReturnUrlParameter, request.PathBase + request.Path + request.QueryString));
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>Adds the UI's middleware: static files from the assembly and HTML error pages for the UI's paths. Call
    /// before routing, so that error pages re-run it.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseSentiMailWebUi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<WebUiOptions>>().Value.Enabled)
        {
            return app;
        }

        // The stylesheet and the script are embedded in the assembly: the same files whatever the content root.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(WebUiSetup).Assembly, "SentiMail.Host.wwwroot"),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.UseWhen(context => WebUiDefaults.IsUiPath(context.Request.Path), ui =>
        {
            // In Development the developer exception page shows the details instead.
            if (!app.Environment.IsDevelopment())
            {
                ui.UseExceptionHandler("/error/500");
            }

            ui.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        return app;
    }

    /// <summary>Maps the UI's pages.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapSentiMailWebUi(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<WebUiOptions>>().Value.Enabled)
        {
            app.MapRazorPages();
        }

        return app;
    }

    private sealed class WebUiOptionsValidator : IValidateOptions<WebUiOptions>
    {
        public ValidateOptionsResult Validate(string? name, WebUiOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
