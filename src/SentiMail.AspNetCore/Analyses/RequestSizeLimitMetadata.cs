using Microsoft.AspNetCore.Http.Metadata;

namespace SentiMail.AspNetCore.Analyses;

/// <summary>Endpoint metadata that sets the server's request body limit (Kestrel, IIS, HTTP.sys) for one endpoint.</summary>
internal sealed class RequestSizeLimitMetadata(long maxRequestBodySize) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = maxRequestBodySize;
}
