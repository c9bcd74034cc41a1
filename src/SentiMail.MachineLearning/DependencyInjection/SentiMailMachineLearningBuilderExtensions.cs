using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentiMail;
using SentiMail.Analyzers;
using SentiMail.MachineLearning;
using SentiMail.MachineLearning.Analysis;
using SentiMail.MachineLearning.DependencyInjection;
using SentiMail.MachineLearning.Model;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the learned spam signal to the SentiMail engine.</summary>
public static class SentiMailMachineLearningBuilderExtensions
{
    /// <summary>
    /// Adds the spam model analyzer (<c>model.spam</c>), run after the analyzers registered before this call (the
    /// built-in ones included). The model is the one embedded in the package unless
    /// <see cref="SpamModelOptions.ModelPath"/> names a file. Safe to call several times: services are added once and
    /// <paramref name="configure"/> calls accumulate.
    /// </summary>
    /// <param name="builder">The SentiMail builder.</param>
    /// <param name="configure">Changes to the default <see cref="SpamModelOptions"/>, if any.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>The options are validated, and the model loaded, at host start-up (or when the engine is first
    /// created without a host): a missing or damaged model throws an <see cref="OptionsValidationException"/> that
    /// names the file and the problem, instead of analysing with a wrong model.</remarks>
    /// <example>
    /// <code>
    /// services.AddSentiMail()
    ///         .AddMachineLearning(o => o.ModelPath = "/etc/sentimail/my-mail.model.zip");
    /// </code>
    /// </example>
    public static SentiMailBuilder AddMachineLearning(this SentiMailBuilder builder, Action<SpamModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SpamModelOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(SpamModelCache)))
        {
            options.ValidateOnStart();
            services.AddSingleton<SpamModelCache>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpamModelOptions>, SpamModelOptionsValidator>());
            services.TryAddSingleton(sp => sp.GetRequiredService<SpamModelCache>().Get(sp.GetRequiredService<IOptions<SpamModelOptions>>().Value));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageAnalyzer, SpamModelAnalyzer>(sp =>
                new SpamModelAnalyzer(
                    sp.GetRequiredService<SpamModel>(),
                    sp.GetRequiredService<IOptions<SpamModelOptions>>().Value,
                    sp.GetRequiredService<IOptions<SentiMailOptions>>().Value.Scoring)));
        }

        return builder;
    }
}
