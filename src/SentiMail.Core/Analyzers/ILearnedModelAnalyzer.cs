namespace SentiMail.Analyzers;

/// <summary>
/// An analyzer that runs a learned model. When one of its signals is in a report, the report's
/// <see cref="Reporting.AnalysisReport.ModelVersions"/> names the model that contributed: <see cref="IMessageAnalyzer.Name"/>
/// to <see cref="ModelVersion"/>.
/// </summary>
public interface ILearnedModelAnalyzer : IMessageAnalyzer
{
    /// <summary>Gets the version of the model this analyzer runs, such as its trainer, training date and checksum.</summary>
    string ModelVersion { get; }
}
