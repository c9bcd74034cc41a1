using System.Net;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>Reports abusive events to the CrowdSec watcher (<c>AddSentiMailCrowdSecWatcher</c>).</summary>
public interface ICrowdSecReporter
{
    /// <summary>
    /// Queues one abusive event from <paramref name="ip"/>. Never blocks and never throws: when the queue is full
    /// (<see cref="CrowdSecWatcherOptions.QueueCapacity"/>) the event is dropped and counted in the log.
    /// </summary>
    /// <param name="ip">The client address; <see langword="null"/> is ignored.</param>
    /// <param name="reason">A short description (for example <c>invalid API key</c>), sent in the alert message.</param>
    void Report(IPAddress ip, string reason);
}
