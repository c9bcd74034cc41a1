using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.Protection;
using SentiMail.Parsing;
using SentiMail.Reporting;
using SentiMail.Scoring;

namespace SentiMail.AspNetCore.Analyses;

/// <summary>Request handlers of the analysis endpoints, written as plain request delegates (no reflection).</summary>
internal static class AnalysisEndpoints
{
    public const string IdRouteValue = "id";
    public const string FileField = "file";

    private static readonly JsonTypeInfo<AnalysisReport> s_reportTypeInfo =
        (JsonTypeInfo<AnalysisReport>)AnalysisReportJson.Context.GetTypeInfo(typeof(AnalysisReport))!;

    public static async Task CreateAsync(HttpContext context)
    {
        if (await AnalyzeRequestAsync(context).ConfigureAwait(false) is not { } analysis)
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = $"{context.Request.PathBase}{context.Request.Path.Value?.TrimEnd('/')}/{analysis.Id:D}";
        await WriteAnalysisAsync(context, analysis).ConfigureAwait(false);
    }

    public static async Task CompatibilitySubmitAsync(HttpContext context)
    {
        if (await AnalyzeRequestAsync(context).ConfigureAwait(false) is not { } analysis)
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(new CompatibilitySubmitResponse(analysis.Id), AnalysisJsonContext.Default.CompatibilitySubmitResponse, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task GetAsync(HttpContext context)
    {
        if (await FindVisibleAsync(context).ConfigureAwait(false) is { } analysis)
        {
            await WriteAnalysisAsync(context, analysis).ConfigureAwait(false);
        }
    }

    public static async Task DeleteAsync(HttpContext context)
    {
        if (await FindVisibleAsync(context).ConfigureAwait(false) is not { } analysis)
        {
            return;
        }

        var store = context.RequestServices.GetRequiredService<IAnalysisStore>();
        await store.DeleteAsync(analysis.Id, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public static async Task ListAsync(HttpContext context)
    {
        var callerId = CallerId(context.User);
        var admin = IsAdmin(context.User);
        if (callerId is null && !admin)
        {
            await NoOwner().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<SentiMailApiOptions>>().Value;
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var page = ParseInt(query, "page", 1, 1, int.MaxValue, errors);
        var pageSize = ParseInt(query, "pageSize", options.DefaultPageSize, 1, options.MaxPageSize, errors);
        Verdict? verdict = null;
        if (query.TryGetValue("verdict", out var verdictText))
        {
            if (verdictText.Count == 1 && Enum.TryParse<Verdict>(verdictText.ToString(), ignoreCase: true, out var parsed)
                && Enum.IsDefined(parsed) && !int.TryParse(verdictText.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                verdict = parsed;
            }
            else
            {
                errors["verdict"] = [$"Use one of {string.Join(", ", Enum.GetNames<Verdict>())}."];
            }
        }

        var from = ParseTime(query, "from", errors);
        var to = ParseTime(query, "to", errors);
        if (errors.Count > 0)
        {
            await TypedResults.ValidationProblem(errors, title: "Invalid query.", type: SentiMailProblemTypes.InvalidQuery).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // Administrators list everyone's analyses, or one owner's with ?owner=.
        var owner = admin ? (query["owner"] is { Count: 1 } o ? o.ToString() : null) : callerId;
        var store = context.RequestServices.GetRequiredService<IAnalysisStore>();
        var result = await store.ListAsync(new AnalysisQuery { OwnerId = owner, Page = page, PageSize = pageSize, Verdict = verdict, From = from, To = to }, context.RequestAborted).ConfigureAwait(false);
        var items = result.Items
            .Select(a => new AnalysisSummary(a.Id, a.CreatedAt, a.Verdict, a.Score, a.Report.Message.Subject, a.SourceFileName, admin ? a.OwnerId : null))
            .ToArray();
        await context.Response.WriteAsJsonAsync(new AnalysisListResponse(items, page, pageSize, result.TotalCount), AnalysisJsonContext.Default.AnalysisListResponse, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads the message from the request (multipart <c>file</c> part or raw body), analyses and stores it;
    /// on failure writes the ProblemDetails and returns <see langword="null"/>.</summary>
    private static async Task<StoredAnalysis?> AnalyzeRequestAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SentiMailApiOptions>>().Value;
        var maxMessageBytes = context.RequestServices.GetRequiredService<IOptions<SentiMailOptions>>().Value.Limits.MaxMessageBytes;
        var request = context.Request;
        var ct = context.RequestAborted;

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            await RejectAsync(context, UnsupportedMediaType(options)).ConfigureAwait(false);
            return null;
        }

        var multipart = mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        var raw = mediaType.MediaType.Equals("message/rfc822", StringComparison.OrdinalIgnoreCase)
            || (options.AcceptOctetStream && mediaType.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase));
        if (!multipart && !raw)
        {
            await RejectAsync(context, UnsupportedMediaType(options)).ConfigureAwait(false);
            return null;
        }

        var maxBody = multipart ? maxMessageBytes + options.MultipartOverheadBytes : maxMessageBytes;
        if (request.ContentLength > maxBody)
        {
            await RejectAsync(context, TooLarge($"The body is larger than {maxBody} bytes.")).ConfigureAwait(false);
            return null;
        }

        var analyzer = context.RequestServices.GetRequiredService<IEmailAnalyzer>();
        AnalysisReport report;
        ReadOnlyMemory<byte> rawMessage;
        string? fileName = null;
        try
        {
            if (multipart)
            {
                var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
                if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
                {
                    await RejectAsync(context, InvalidForm("The multipart body has no valid boundary.")).ConfigureAwait(false);
                    return null;
                }

                var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxMessageBytes };
                MultipartSection? file = null;
                for (var skipped = 0; skipped <= options.MaxFormPartsBeforeFile; skipped++)
                {
                    var section = await reader.ReadNextSectionAsync(ct).ConfigureAwait(false);
                    if (section is null)
                    {
                        break;
                    }

                    if (section.GetContentDispositionHeader() is { } disposition && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                        && string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, FileField, StringComparison.Ordinal))
                    {
                        file = section;
                        fileName = UploadFileName.Clean(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                        break;
                    }
                }

                if (file is null)
                {
                    await RejectAsync(context, InvalidForm($"The form has no '{FileField}' part (or it comes after more than {options.MaxFormPartsBeforeFile} other parts).")).ConfigureAwait(false);
                    return null;
                }

                (report, rawMessage) = await AnalyzeBodyAsync(analyzer, file.Body, options.KeepRawMessage, maxMessageBytes, ct).ConfigureAwait(false);
            }
            else
            {
                (report, rawMessage) = await AnalyzeBodyAsync(analyzer, request.Body, options.KeepRawMessage, maxMessageBytes, ct).ConfigureAwait(false);
            }
        }
        catch (MessageRejectedException ex) when (ex.Reason == RejectionReason.TooLarge)
        {
            await RejectAsync(context, TooLarge(ex.Message)).ConfigureAwait(false);
            return null;
        }
        catch (MessageRejectedException ex)
        {
            await RejectAsync(context, NotAnEmail(ex.Message, ex.Reason)).ConfigureAwait(false);
            return null;
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            // MultipartReader: the file part (or a part's headers) is over its limit.
            await RejectAsync(context, TooLarge("A part of the form is too large.")).ConfigureAwait(false);
            return null;
        }
        catch (InvalidDataException)
        {
            await RejectAsync(context, InvalidForm("The multipart body is malformed.")).ConfigureAwait(false);
            return null;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RejectAsync(context, TooLarge("The body is too large.")).ConfigureAwait(false);
            return null;
        }
        catch (IOException) when (multipart && !ct.IsCancellationRequested)
        {
            // The client is still there but the body broke off: a form cut before its closing boundary
            // (MultipartReader: "Unexpected end of Stream"), or a body the server could not read (BadHttpRequestException).
            await RejectAsync(context, InvalidForm("The multipart body is malformed or ends before its closing boundary.")).ConfigureAwait(false);
            return null;
        }
        catch (IOException) when (!ct.IsCancellationRequested)
        {
            await RejectAsync(context, NotAnEmail("The request body could not be read to its end.", RejectionReason.Unreadable)).ConfigureAwait(false);
            return null;
        }

        var time = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var analysis = new StoredAnalysis
        {
            Id = Guid.NewGuid(),
            OwnerId = CallerId(context.User),
            CreatedAt = time.GetUtcNow(),
            Report = report,
            Verdict = report.Verdict,
            Score = report.Score,
            SourceFileName = fileName,
            RawMessage = rawMessage,
        };
        await context.RequestServices.GetRequiredService<IAnalysisStore>().SaveAsync(analysis, ct).ConfigureAwait(false);
        return analysis;
    }

    /// <summary>Writes the problem of a refused upload and records it as a security event.</summary>
    private static Task RejectAsync(HttpContext context, ProblemHttpResult problem)
    {
        SecurityEvents.UploadRejected(context, problem.StatusCode);
        return problem.ExecuteAsync(context);
    }

    /// <summary>Analyzes a message body; when <paramref name="keep"/> is set, reads it into memory first (at most
    /// <paramref name="maxMessageBytes"/> bytes: one more is a <see cref="RejectionReason.TooLarge"/> rejection, as the
    /// engine gives) so that the store receives the raw message with its report.</summary>
    private static async Task<(AnalysisReport Report, ReadOnlyMemory<byte> Raw)> AnalyzeBodyAsync(
        IEmailAnalyzer analyzer, Stream body, bool keep, long maxMessageBytes, CancellationToken ct)
    {
        if (!keep)
        {
            return (await analyzer.AnalyzeAsync(body, cancellationToken: ct).ConfigureAwait(false), ReadOnlyMemory<byte>.Empty);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxMessageBytes)
            {
                throw new MessageRejectedException(RejectionReason.TooLarge, $"The message is larger than {maxMessageBytes} bytes.");
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), ct).ConfigureAwait(false);
        }

        var raw = buffer.ToArray();
        return (await analyzer.AnalyzeAsync(raw, cancellationToken: ct).ConfigureAwait(false), raw);
    }

    /// <summary>Finds the analysis named in the route if the caller owns it or is an administrator; otherwise writes
    /// 404 (the same answer as for an unknown id, so other users' ids cannot be probed).</summary>
    private static async Task<StoredAnalysis?> FindVisibleAsync(HttpContext context)
    {
        var callerId = CallerId(context.User);
        var admin = IsAdmin(context.User);
        var store = context.RequestServices.GetRequiredService<IAnalysisStore>();
        var analysis = Guid.TryParse(context.Request.RouteValues[IdRouteValue] as string, out var id)
            ? await store.FindAsync(id, context.RequestAborted).ConfigureAwait(false)
            : null;
        if (analysis is null || (!admin && (callerId is null || !string.Equals(analysis.OwnerId, callerId, StringComparison.Ordinal))))
        {
            await TypedResults.Problem("No such analysis.", statusCode: StatusCodes.Status404NotFound, title: "Not found.", type: SentiMailProblemTypes.NotFound).ExecuteAsync(context).ConfigureAwait(false);
            return null;
        }

        return analysis;
    }

    /// <summary>Writes the report's JSON with <c>id</c>, <c>createdAt</c> and <c>sourceFileName</c> first.</summary>
    private static Task WriteAnalysisAsync(HttpContext context, StoredAnalysis analysis)
    {
        var body = new JsonObject
        {
            ["id"] = analysis.Id.ToString("D"),
            ["createdAt"] = analysis.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        };
        if (analysis.SourceFileName is not null)
        {
            body["sourceFileName"] = analysis.SourceFileName;
        }

        if (JsonSerializer.SerializeToNode(analysis.Report, s_reportTypeInfo) is JsonObject report)
        {
            foreach (var (name, value) in report.ToArray())
            {
                report.Remove(name);
                body[name] = value;
            }
        }

        return context.Response.WriteAsJsonAsync(body, AnalysisJsonContext.Default.JsonObject, contentType: null, context.RequestAborted);
    }

    private static int ParseInt(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (text.Count == 1 && int.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"Must be a whole number from {min} to {max}."];
        return fallback;
    }

    private static DateTimeOffset? ParseTime(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return null;
        }

        if (text.Count == 1 && DateTimeOffset.TryParse(text.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        errors[name] = ["Must be an ISO 8601 date and time, such as 2026-01-31T00:00:00Z."];
        return null;
    }

    private static string? CallerId(ClaimsPrincipal user) =>
        user.Identities.Any(i => i.IsAuthenticated) && user.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } id ? id : null;

    private static bool IsAdmin(ClaimsPrincipal user) => ScopeRequirement.IsGranted(user, ApiKeyScopes.Admin);

    private static ProblemHttpResult UnsupportedMediaType(SentiMailApiOptions options) =>
        TypedResults.Problem(
            $"Send multipart/form-data with a '{FileField}' part, or the raw message as message/rfc822{(options.AcceptOctetStream ? " or application/octet-stream" : "")}.",
            statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.", type: SentiMailProblemTypes.UnsupportedMediaType);

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The message is too large.", type: SentiMailProblemTypes.TooLarge,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["reasonCode"] = MessageRejectedException.ToCode(RejectionReason.TooLarge) });

    private static ProblemHttpResult NotAnEmail(string detail, RejectionReason reason) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The body is not an email.", type: SentiMailProblemTypes.NotAnEmail,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["reasonCode"] = MessageRejectedException.ToCode(reason) });

    private static ProblemHttpResult InvalidForm(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid form.", type: SentiMailProblemTypes.InvalidForm);

    private static ProblemHttpResult NoOwner() =>
        TypedResults.Problem("The caller has no user id (NameIdentifier claim) to own analyses.", statusCode: StatusCodes.Status403Forbidden);
}
