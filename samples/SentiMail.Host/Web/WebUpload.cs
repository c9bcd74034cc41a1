using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.CrowdSec;
using SentiMail.Host.Protection;
using SentiMail.Parsing;
using SentiMail.Reporting;

namespace SentiMail.Host.Web;

/// <summary>
/// Reads the upload form and analyses its file with the same bounds as the API: the request body may be at most the
/// engine's <c>Limits.MaxMessageBytes</c> plus <c>Api:MultipartOverheadBytes</c>, the file at most
/// <c>Limits.MaxMessageBytes</c>, and the engine's typed rejections come back as an <see cref="UploadProblem"/>.
/// </summary>
internal sealed class WebUpload(
    IEmailAnalyzer analyzer,
    IOptions<SentiMailOptions> engineOptions,
    IOptions<SentiMailApiOptions> apiOptions,
    ILogger<WebUpload> logger)
{
    /// <summary>Gets the largest message analysed, in bytes.</summary>
    public long MaxMessageBytes => engineOptions.Value.Limits.MaxMessageBytes;

    /// <summary>Gets whether the raw message is kept with the report (<c>Api:KeepRawMessage</c>, as for the API).</summary>
    public bool KeepRawMessage => apiOptions.Value.KeepRawMessage;

    /// <summary>Reads the form of the request, bounded; the form is then cached on the request for the antiforgery check.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The form, or the problem that prevents reading it.</returns>
    public async Task<(IFormCollection? Form, UploadProblem? Problem)> ReadFormAsync(HttpContext context)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, UploadProblem.WrongType);
        }

        var maxBody = MaxMessageBytes + apiOptions.Value.MultipartOverheadBytes;
        if (request.ContentLength > maxBody)
        {
            return (null, UploadProblem.TooLarge(MaxMessageBytes));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBody;
        }

        var form = new FormFeature(request, new FormOptions
        {
            BufferBodyLengthLimit = maxBody,
            MultipartBodyLengthLimit = maxBody,
            // The form has the antiforgery token and the file; a few more fields are tolerated, not thousands.
            ValueCountLimit = 8 + apiOptions.Value.MaxFormPartsBeforeFile,
            ValueLengthLimit = 8 * 1024,
            KeyLengthLimit = 256,
            MultipartHeadersCountLimit = 16,
            MultipartHeadersLengthLimit = 16 * 1024,
        });
        context.Features.Set<IFormFeature>(form);
        try
        {
            return (await form.ReadFormAsync(context.RequestAborted).ConfigureAwait(false), null);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, UploadProblem.TooLarge(MaxMessageBytes));
        }
        catch (InvalidDataException)
        {
            return (null, UploadProblem.MalformedForm);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, UploadProblem.TooLarge(MaxMessageBytes));
        }
        catch (IOException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The body ended before the form did ("Unexpected end of stream").
            return (null, UploadProblem.MalformedForm);
        }
    }

    /// <summary>Analyses the form's file.</summary>
    /// <param name="form">The form read by <see cref="ReadFormAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the analysis (the request was aborted).</param>
    /// <returns>The report with the raw message (empty unless kept) and the cleaned file name, or the problem.</returns>
    public async Task<(AnalysisReport? Report, ReadOnlyMemory<byte> Raw, string? FileName, UploadProblem? Problem)> AnalyzeAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var file = form.Files.GetFile(UploadProblem.FileField);
        if (file is null)
        {
            return (null, default, null, UploadProblem.NoFile);
        }

        if (file.Length > MaxMessageBytes)
        {
            return (null, default, null, UploadProblem.TooLarge(MaxMessageBytes));
        }

        try
        {
            var bytes = new byte[file.Length];
            var stream = file.OpenReadStream();
            await using (stream.ConfigureAwait(false))
            {
                await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            var report = await analyzer.AnalyzeAsync(bytes, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (report, KeepRawMessage ? bytes : ReadOnlyMemory<byte>.Empty, UploadFileName.Clean(file.FileName), null);
        }
        catch (MessageRejectedException ex)
        {
            return (null, default, null, UploadProblem.Rejected(ex, MaxMessageBytes));
        }
    }

    /// <summary>Logs a refused upload as a security event with the client address, and reports it to the CrowdSec
    /// watcher if one is configured.</summary>
    /// <param name="context">The request.</param>
    /// <param name="problem">Why it was refused.</param>
    public void LogRejected(HttpContext context, UploadProblem problem)
    {
        HostLog.WebUploadRejected(logger, ClientAddresses.Text(context), problem.StatusCode, problem.Code);
        CrowdSecReport.Send(context, CrowdSecReportedEvents.RejectedUploads, "rejected web upload (" + problem.Code + ")");
    }
}
