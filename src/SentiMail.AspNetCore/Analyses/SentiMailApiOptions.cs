namespace SentiMail.AspNetCore.Analyses;

/// <summary>Options of the analysis HTTP API mapped by <c>MapSentiMail()</c>.</summary>
public sealed class SentiMailApiOptions
{
    /// <summary>The largest accepted <see cref="MaxPageSize"/>.</summary>
    public const int PageSizeLimit = 1000;

    /// <summary>Gets or sets the largest page a caller may ask for with <c>pageSize</c>.</summary>
    /// <value>The default is 100; from 1 to <see cref="PageSizeLimit"/>.</value>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>Gets or sets the page size used when the caller gives none.</summary>
    /// <value>The default is 20; from 1 to <see cref="MaxPageSize"/>.</value>
    public int DefaultPageSize { get; set; } = 20;

    /// <summary>Gets or sets whether <c>POST /analyses</c> accepts unauthenticated callers. Their analyses have no
    /// owner: only administrators can read them afterwards, so the 201 response is the caller's only copy.</summary>
    /// <value>The default is <see langword="false"/>: submitting requires the <c>SentiMail.Submit</c> policy.</value>
    public bool AllowAnonymousSubmit { get; set; }

    /// <summary>Gets or sets whether a raw body of type <c>application/octet-stream</c> is accepted as well as
    /// <c>message/rfc822</c> (what <c>curl --data-binary</c> and many HTTP clients send by default).</summary>
    /// <value>The default is <see langword="true"/>. The engine still rejects bodies that are not emails (400).</value>
    public bool AcceptOctetStream { get; set; } = true;

    /// <summary>Gets or sets how many bytes of multipart framing (boundaries, part headers, other small fields) are
    /// allowed on top of the engine's <c>Limits.MaxMessageBytes</c> in the request body.</summary>
    /// <value>The default is 64 KiB; from 1 KiB to 1 MiB.</value>
    public int MultipartOverheadBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets how many form parts may come before the <c>file</c> part; more answers 400.</summary>
    /// <value>The default is 8; from 0 to 100.</value>
    public int MaxFormPartsBeforeFile { get; set; } = 8;

    /// <summary>Gets or sets whether <c>POST /analyses</c> hands the raw message to the <see cref="IAnalysisStore"/>
    /// (<see cref="StoredAnalysis.RawMessage"/>) as well as the report, e.g. for a store that keeps messages encrypted
    /// for a retention period. The body is then read into memory (at most the engine's <c>Limits.MaxMessageBytes</c>)
    /// before it is analysed.</summary>
    /// <value>The default is <see langword="false"/>: only the report is stored; the message is streamed to the engine.</value>
    public bool KeepRawMessage { get; set; }

    /// <summary>Lists every problem with these options.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxPageSize is < 1 or > PageSizeLimit)
        {
            errors.Add($"{nameof(MaxPageSize)} must be between 1 and {PageSizeLimit} (was {MaxPageSize}).");
        }

        if (DefaultPageSize < 1 || DefaultPageSize > MaxPageSize)
        {
            errors.Add($"{nameof(DefaultPageSize)} must be between 1 and {nameof(MaxPageSize)} (was {DefaultPageSize}).");
        }

        if (MultipartOverheadBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"{nameof(MultipartOverheadBytes)} must be between 1 KiB and 1 MiB (was {MultipartOverheadBytes}).");
        }

        if (MaxFormPartsBeforeFile is < 0 or > 100)
        {
            errors.Add($"{nameof(MaxFormPartsBeforeFile)} must be between 0 and 100 (was {MaxFormPartsBeforeFile}).");
        }

        return errors;
    }
}
