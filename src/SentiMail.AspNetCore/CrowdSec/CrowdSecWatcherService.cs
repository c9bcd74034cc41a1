using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>
/// The CrowdSec watcher: <see cref="Report"/> queues events (bounded, never blocks); every
/// <see cref="CrowdSecWatcherOptions.FlushInterval"/> the queue is counted per address in a fixed window, and each
/// address reaching <see cref="CrowdSecWatcherOptions.Threshold"/> gets ONE alert with a <c>ban</c> decision, posted to
/// <c>POST /v1/alerts</c> with a JWT from <c>POST /v1/watchers/login</c> (renewed before expiry and after a 401).
/// Failures are logged and the alerts retried at the next flush; nothing here throws into the app.
/// </summary>
internal sealed class CrowdSecWatcherService : BackgroundService, ICrowdSecReporter
{
    internal const string HttpClientName = "SentiMail.CrowdSec.Watcher";

    /// <summary>The most alerts sent in one <c>POST /v1/alerts</c>; more are sent in further requests of the same flush.</summary>
    internal const int MaxAlertsPerPost = 100;

    private const int MaxReasonLength = 200;

    private static readonly TimeSpan s_tokenMargin = TimeSpan.FromMinutes(1);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly CrowdSecWatcherOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CrowdSecWatcherService> _logger;
    private readonly Channel<ReportedEvent> _queue;
    private readonly Dictionary<IPAddress, Counter> _counters = [];
    private readonly List<LapiAlert> _pending = [];
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private long _dropped;
    private string? _token;
    private DateTimeOffset _tokenExpiry;

    public CrowdSecWatcherService(
        IHttpClientFactory httpClientFactory,
        IOptions<CrowdSecWatcherOptions> options,
        TimeProvider timeProvider,
        ILogger<CrowdSecWatcherService> logger)
    {
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<ReportedEvent>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then returns false when full: the event is dropped and counted.
            SingleReader = true,
        });
    }

    /// <summary>Gets how many events wait in the queue.</summary>
    internal int QueuedCount => _queue.Reader.Count;

    /// <summary>Gets how many alerts wait to be posted.</summary>
    internal int PendingAlertCount => _pending.Count;

    /// <summary>Gets how many events were dropped because the queue was full (since the last flush).</summary>
    internal long DroppedCount => Interlocked.Read(ref _dropped);

    public void Report(IPAddress ip, string reason)
    {
        if (ip is null)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(new ReportedEvent(ip, reason, _timeProvider.GetUtcNow())))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await FlushAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    CrowdSecLog.WatcherFlushFailed(_logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    /// <summary>Stops the timer, then makes one last flush (bounded by the host's shutdown token) so queued events are not lost.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            CrowdSecLog.WatcherFlushFailed(_logger, exception);
        }
        catch (OperationCanceledException)
        {
            // Shutdown budget exhausted: the remaining alerts are lost.
        }
    }

    /// <summary>Counts the queued events and posts the due alerts (also called directly by tests).</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dropped = Interlocked.Exchange(ref _dropped, 0);
            if (dropped > 0)
            {
                CrowdSecLog.WatcherEventsDropped(_logger, dropped, _options.QueueCapacity);
            }

            while (_queue.Reader.TryRead(out var reported))
            {
                Count(reported);
            }

            if (_pending.Count > 0)
            {
                await PostPendingAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    public override void Dispose()
    {
        _flushLock.Dispose();
        base.Dispose();
    }

    private void Count(ReportedEvent reported)
    {
        var ip = reported.Ip.IsIPv4MappedToIPv6 ? reported.Ip.MapToIPv4() : reported.Ip;
        if (!_counters.TryGetValue(ip, out var counter) || reported.At - counter.WindowStart >= _options.Window)
        {
            if (counter is null && _counters.Count >= _options.MaxTrackedAddresses)
            {
                MakeRoom(reported.At);
            }

            counter = new Counter(reported.At);
            _counters[ip] = counter;
        }

        counter.Events++;
        if (counter.Events >= _options.Threshold && !counter.Alerted)
        {
            counter.Alerted = true;
            if (_pending.Count >= _options.MaxTrackedAddresses)
            {
                _pending.RemoveAt(0);
            }

            _pending.Add(BuildAlert(ip, reported, counter));
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (ip, counter) in _counters)
        {
            if (now - counter.WindowStart >= _options.Window)
            {
                _counters.Remove(ip);
            }
        }

        if (_counters.Count >= _options.MaxTrackedAddresses)
        {
            _counters.Clear();
            CrowdSecLog.WatcherTrackingReset(_logger, _options.MaxTrackedAddresses);
        }
    }

    private LapiAlert BuildAlert(IPAddress ip, ReportedEvent last, Counter counter)
    {
        var value = ip.ToString();
        var reason = last.Reason is null ? string.Empty : last.Reason.Length > MaxReasonLength ? last.Reason[..MaxReasonLength] : last.Reason;
        var scenario = _options.Scenario;
        return new LapiAlert
        {
            Scenario = scenario,
            Message = string.Create(CultureInfo.InvariantCulture, $"Ip {value} performed '{scenario}' ({counter.Events} events in {GoDuration(_options.Window)}: {reason})"),
            EventsCount = counter.Events,
            StartAt = Rfc3339(counter.WindowStart),
            StopAt = Rfc3339(last.At),
            Capacity = _options.Threshold,
            Leakspeed = GoDuration(_options.Window),
            Events =
            [
                new LapiAlertEvent
                {
                    Timestamp = Rfc3339(last.At),
                    Meta =
                    [
                        new LapiMeta { Key = "source_ip", Value = value },
                        new LapiMeta { Key = "service", Value = "sentimail" },
                        new LapiMeta { Key = "reason", Value = reason },
                    ],
                },
            ],
            Source = new LapiAlertSource { Value = value, Ip = value },
            Labels = ["sentimail"],
            Decisions = [new LapiAlertDecision { Value = value, Duration = GoDuration(_options.BanDuration), Scenario = scenario }],
        };
    }

    private async Task PostPendingAsync(CancellationToken cancellationToken)
    {
        while (_pending.Count > 0)
        {
            if ((_token is null || _timeProvider.GetUtcNow() >= _tokenExpiry - s_tokenMargin) && !await LoginAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var batch = _pending.GetRange(0, Math.Min(MaxAlertsPerPost, _pending.Count));
            var (status, error) = await PostAlertsAsync(batch, cancellationToken).ConfigureAwait(false);
            if (status == HttpStatusCode.Unauthorized)
            {
                _token = null;
                if (!await LoginAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                (_, error) = await PostAlertsAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            if (error is not null)
            {
                CrowdSecLog.WatcherPostFailed(_logger, _pending.Count, error);
                return;
            }

            CrowdSecLog.WatcherAlertsPosted(_logger, batch.Count, _options.Scenario, _options.BanDuration, string.Join(", ", batch.Select(a => a.Source?.Value)));
            _pending.RemoveRange(0, batch.Count);
        }
    }

    private async Task<bool> LoginAsync(CancellationToken cancellationToken)
    {
        var body = new WatcherLoginRequest { MachineId = _options.MachineId, Password = _options.Password, Scenarios = [_options.Scenario] };
        var content = JsonSerializer.Serialize(body, CrowdSecWatcherJsonContext.Default.WatcherLoginRequest);
        var (_, reply, error) = await SendAsync("v1/watchers/login", content, authorize: false, cancellationToken).ConfigureAwait(false);
        if (error is null)
        {
            try
            {
                var login = JsonSerializer.Deserialize(reply!, CrowdSecWatcherJsonContext.Default.WatcherLoginResponse);
                if (!string.IsNullOrEmpty(login?.Token))
                {
                    _token = login.Token;
                    _tokenExpiry = login.Expire ?? _timeProvider.GetUtcNow().AddHours(1);
                    CrowdSecLog.WatcherLoggedIn(_logger, _options.MachineId!, _tokenExpiry);
                    return true;
                }

                error = "no token in the reply";
            }
            catch (JsonException)
            {
                error = "malformed JSON";
            }
        }

        _token = null;
        CrowdSecLog.WatcherLoginFailed(_logger, _options.MachineId!, error, _pending.Count);
        return false;
    }

    private async Task<(HttpStatusCode? Status, string? Error)> PostAlertsAsync(List<LapiAlert> batch, CancellationToken cancellationToken)
    {
        var content = JsonSerializer.Serialize(batch, CrowdSecWatcherJsonContext.Default.ListLapiAlert);
        var (status, _, error) = await SendAsync("v1/alerts", content, authorize: true, cancellationToken).ConfigureAwait(false);
        return (status, error);
    }

    private async Task<(HttpStatusCode? Status, string? Reply, string? Error)> SendAsync(string relativeUri, string json, bool authorize, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            var client = _httpClientFactory.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(relativeUri, UriKind.Relative));
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            if (authorize)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            }

            using var response = await client.SendAsync(request, linked.Token).ConfigureAwait(false);
            var reply = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? (response.StatusCode, reply, null)
                : (response.StatusCode, reply, "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null, "timeout after " + _options.RequestTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms");
        }
        catch (HttpRequestException exception)
        {
            return (null, null, "unreachable (" + exception.HttpRequestError.ToString() + ")");
        }
        catch (IOException)
        {
            return (null, null, "connection lost");
        }
    }

    private static string Rfc3339(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string GoDuration(TimeSpan value) => ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private sealed record ReportedEvent(IPAddress Ip, string? Reason, DateTimeOffset At);

    private sealed class Counter(DateTimeOffset windowStart)
    {
        public DateTimeOffset WindowStart { get; } = windowStart;

        public int Events { get; set; }

        public bool Alerted { get; set; }
    }
}
