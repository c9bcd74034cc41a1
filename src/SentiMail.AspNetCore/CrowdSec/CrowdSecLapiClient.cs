using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>
/// Calls the bouncer endpoints of the CrowdSec LAPI through the named <see cref="HttpClient"/>
/// <see cref="HttpClientName"/> (base address and <c>X-Api-Key</c> set at registration). Never throws for LAPI
/// problems: errors, timeouts and malformed JSON come back as a failed <see cref="LapiOutcome{T}"/>; only the caller's
/// own cancellation surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class CrowdSecLapiClient(IHttpClientFactory httpClientFactory, IOptions<CrowdSecBouncerOptions> options, TimeProvider timeProvider)
{
    internal const string HttpClientName = "SentiMail.CrowdSec.Bouncer";

    public Task<LapiOutcome<List<LapiDecision>>> GetDecisionsAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        var uri = "v1/decisions?ip=" + Uri.EscapeDataString(address.ToString());
        return GetAsync(uri, CrowdSecJsonContext.Default.ListLapiDecision, options.Value.RequestTimeout, cancellationToken);
    }

    public Task<LapiOutcome<LapiDecisionStream>> GetStreamAsync(bool startup, CancellationToken cancellationToken = default)
    {
        var uri = "v1/decisions/stream?startup=" + (startup ? "true" : "false");
        return GetAsync(uri, CrowdSecJsonContext.Default.LapiDecisionStream, options.Value.StreamRequestTimeout, cancellationToken);
    }

    private async Task<LapiOutcome<T>> GetAsync<T>(string relativeUri, JsonTypeInfo<T> typeInfo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(relativeUri, UriKind.Relative));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return LapiOutcome<T>.Failure("HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var value = await JsonSerializer.DeserializeAsync(stream, typeInfo, linked.Token).ConfigureAwait(false);
                return LapiOutcome<T>.Success(value);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return LapiOutcome<T>.Failure("timeout after " + timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms");
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // A body read cut short: by our own budget (the stream reports it as an I/O error) or by the connection.
            return LapiOutcome<T>.Failure(timeoutSource.IsCancellationRequested
                ? "timeout after " + timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms"
                : "connection lost while reading the reply");
        }
        catch (HttpRequestException exception)
        {
            return LapiOutcome<T>.Failure("unreachable (" + (exception.HttpRequestError.ToString()) + ")");
        }
        catch (JsonException)
        {
            return LapiOutcome<T>.Failure("malformed JSON");
        }
    }
}
