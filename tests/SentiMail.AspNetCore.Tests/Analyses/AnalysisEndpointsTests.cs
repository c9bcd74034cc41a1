using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.Tests.ApiKeys;

namespace SentiMail.AspNetCore.Tests.Analyses;

public class AnalysisEndpointsTests
{
    private const string Analyses = "/api/v1/analyses";
    private const string Phishing = "phishing-paypal-en.eml";
    private const string Clean = "clean-personal-en.eml";

    [Fact]
    public async Task Post_MultipartFile_Returns201MaliciousWithLocationThatReadsBack()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit, ApiKeyScopes.Read);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: AnalysisTestHost.Multipart(AnalysisTestHost.Sample(Phishing), fileName: "dir/" + Phishing));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetGuid();
        Assert.Equal("Malicious", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(AnalysisTestHost.Start, json.RootElement.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(Phishing, json.RootElement.GetProperty("sourceFileName").GetString());
        Assert.True(json.RootElement.TryGetProperty("signals", out _));
        Assert.Equal($"{Analyses}/{id}", response.Headers.Location?.OriginalString);

        using var get = await host.SendAsync(HttpMethod.Get, response.Headers.Location!.OriginalString, key);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var read = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        Assert.Equal(id, read.RootElement.GetProperty("id").GetGuid());
        Assert.Equal("Malicious", read.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("alice", (await host.Store.FindAsync(id))!.OwnerId);
    }

    [Theory]
    [InlineData("message/rfc822")]
    [InlineData("application/octet-stream")]
    public async Task Post_RawBody_Returns201(string mediaType)
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean), mediaType));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Clean", json.RootElement.GetProperty("verdict").GetString());
        Assert.False(json.RootElement.TryGetProperty("sourceFileName", out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_KeepRawMessage_StoresTheExactBytes(bool multipart)
    {
        await using var host = await AnalysisTestHost.StartAsync(o => o.KeepRawMessage = true);
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);
        var bytes = AnalysisTestHost.Sample(Phishing);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key,
            content: multipart ? AnalysisTestHost.Multipart(bytes) : AnalysisTestHost.Raw(bytes));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Malicious", json.RootElement.GetProperty("verdict").GetString());
        Assert.False(json.RootElement.TryGetProperty("rawMessage", out _));
        var stored = await host.Store.FindAsync(json.RootElement.GetProperty("id").GetGuid());
        Assert.Equal(bytes, stored!.RawMessage.ToArray());
    }

    [Fact]
    public async Task Post_WithoutKeepRawMessage_StoresNoMessage()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean)));

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var stored = await host.Store.FindAsync(json.RootElement.GetProperty("id").GetGuid());
        Assert.True(stored!.RawMessage.IsEmpty);
    }

    [Fact]
    public async Task Post_KeepRawMessageOversizedWithoutContentLength_Returns413()
    {
        await using var host = await AnalysisTestHost.StartAsync(o => o.KeepRawMessage = true);
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);
        var big = new byte[AnalysisTestHost.MaxMessageBytes + 1];
        Encoding.ASCII.GetBytes("Subject: x\r\n\r\n").CopyTo(big, 0);
        big.AsSpan(20).Fill((byte)'a');
        using var content = new StreamContent(new NoLengthStream(big));
        content.Headers.ContentType = new("message/rfc822");

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, SentiMailProblemTypes.TooLarge);
        Assert.Equal(0, (await host.Store.ListAsync(new AnalysisQuery { OwnerId = "alice" })).TotalCount);
    }

    [Fact]
    public async Task Post_OctetStreamWhenDisabled_Returns415()
    {
        await using var host = await AnalysisTestHost.StartAsync(o => o.AcceptOctetStream = false);
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean), "application/octet-stream"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, SentiMailProblemTypes.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_NoKey_Returns401()
    {
        await using var host = await AnalysisTestHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, content: AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, host.Store.Count);
    }

    [Fact]
    public async Task Post_KeyWithoutSubmitScope_Returns403()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Read);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, host.Store.Count);
    }

    [Fact]
    public async Task Post_AnonymousAllowed_Returns201WithoutOwner()
    {
        await using var host = await AnalysisTestHost.StartAsync(o => o.AllowAnonymousSubmit = true);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, content: AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Null((await host.Store.FindAsync(json.RootElement.GetProperty("id").GetGuid()))!.OwnerId);
    }

    [Theory]
    [InlineData("\u0089PNG\r\n\u001a\n\0\0\0\rIHDR binary", "not-an-email")]
    [InlineData("   ", "empty")]
    [InlineData("just some words without any header at all", "not-an-email")]
    public async Task Post_NotAnEmail_Returns400WithReasonCode(string body, string reasonCode)
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: AnalysisTestHost.Raw(Encoding.Latin1.GetBytes(body)));

        using var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, SentiMailProblemTypes.NotAnEmail);
        Assert.Equal(reasonCode, problem.RootElement.GetProperty("reasonCode").GetString());
        Assert.Equal(0, host.Store.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_Oversized_Returns413(bool multipart)
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);
        var big = new byte[AnalysisTestHost.MaxMessageBytes + 1024];
        Encoding.ASCII.GetBytes("Subject: x\r\nFrom: a@example.com\r\n\r\n").CopyTo(big, 0);
        big.AsSpan(40).Fill((byte)'a');

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key,
            content: multipart ? AnalysisTestHost.Multipart(big) : AnalysisTestHost.Raw(big));

        using var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, SentiMailProblemTypes.TooLarge);
        Assert.Equal("too-large", problem.RootElement.GetProperty("reasonCode").GetString());
    }

    [Fact]
    public async Task Post_OversizedWithoutContentLength_Returns413()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);
        var big = new byte[AnalysisTestHost.MaxMessageBytes * 2];
        Encoding.ASCII.GetBytes("Subject: x\r\n\r\n").CopyTo(big, 0);
        big.AsSpan(20).Fill((byte)'a');
        using var content = new StreamContent(new NoLengthStream(big));
        content.Headers.ContentType = new("message/rfc822");

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, SentiMailProblemTypes.TooLarge);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task Post_WrongMediaType_Returns415(string? mediaType)
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);
        var content = new ByteArrayContent(AnalysisTestHost.Sample(Clean));
        if (mediaType is not null)
        {
            content.Headers.ContentType = new(mediaType);
        }

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, SentiMailProblemTypes.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_MultipartWithoutFileField_Returns400()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: AnalysisTestHost.Multipart(AnalysisTestHost.Sample(Clean), field: "upload"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, SentiMailProblemTypes.InvalidForm);
    }

    [Theory]
    [InlineData(Analyses, false)]
    [InlineData(Analyses, true)]
    [InlineData("/api/submit/", false)]
    public async Task Post_MultipartWithoutClosingBoundary_Returns400InvalidForm(string path, bool keepRawMessage)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await AnalysisTestHost.StartAsync(o => o.KeepRawMessage = keepRawMessage, compatibility: true,
            new TestHostHooks { Services = s => s.AddSingleton<ILoggerProvider>(logs) });
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);
        using var content = new ByteArrayContent("--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.eml\"\r\n\r\nFrom: a@b.c"u8.ToArray());
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XX"));

        using var response = await host.SendAsync(HttpMethod.Post, path, key, content: content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, SentiMailProblemTypes.InvalidForm);
        Assert.Equal(0, host.Store.Count);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_RawBodyThatBreaksOff_Returns400Unreadable(bool keepRawMessage)
    {
        // TestServer hands a client-side failure to the client, not to the handler; on Kestrel a body cut short while the
        // connection stays open (Content-Length not reached, then FIN) fails the server's read instead. The hook plays that
        // server side: the handler's body gives a few bytes, then fails, while the request is not aborted.
        var logs = new CapturingLoggerProvider();
        await using var host = await AnalysisTestHost.StartAsync(o => o.KeepRawMessage = keepRawMessage, compatibility: false, new TestHostHooks
        {
            Services = s => s.AddSingleton<ILoggerProvider>(logs),
            BeforeAuthentication = app => app.Use((context, next) =>
            {
                context.Request.Body = new BreakingStream("From: a@example.com\r\nSubject: x\r\n"u8.ToArray());
                return next(context);
            }),
        });
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, key, content: AnalysisTestHost.Raw(AnalysisTestHost.Sample(Clean)));

        using var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, SentiMailProblemTypes.NotAnEmail);
        Assert.Equal("unreadable", problem.RootElement.GetProperty("reasonCode").GetString());
        Assert.Equal(0, host.Store.Count);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Post_FilePartAfterOtherFields_IsFound()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        using var form = AnalysisTestHost.Multipart(AnalysisTestHost.Sample(Phishing));
        using var note = new StringContent("from the help desk");
        using var content = new MultipartFormDataContent { { note, "comment" } };
        foreach (var part in form)
        {
            content.Add(part);
        }

        using var response = await host.SendAsync(HttpMethod.Post, Analyses, testUser: "alice;analyst", content: content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task SubmitEndpoint_CarriesTheBodyLimitFromTheEngine()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var endpoints = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)host.App).DataSources.SelectMany(d => d.Endpoints);

        var submit = Assert.Single(endpoints, e => e.DisplayName == "SentiMail.Analyses.Create" || e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>()?.EndpointName == "SentiMail.Analyses.Create");

        var limit = submit.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>();
        Assert.Equal(AnalysisTestHost.MaxMessageBytes + new SentiMailApiOptions().MultipartOverheadBytes, limit?.MaxRequestBodySize);
    }

    [Fact]
    public async Task OtherUser_GetAndDelete_Return404AndTheAnalysisSurvives()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var id = await SubmitAsync(host, "alice;analyst", Phishing);

        using var get = await host.SendAsync(HttpMethod.Get, $"{Analyses}/{id}", testUser: "bob;analyst");
        using var delete = await host.SendAsync(HttpMethod.Delete, $"{Analyses}/{id}", testUser: "bob;analyst");
        using var unknown = await host.SendAsync(HttpMethod.Get, $"{Analyses}/{Guid.NewGuid()}", testUser: "bob;analyst");
        using var malformed = await host.SendAsync(HttpMethod.Get, $"{Analyses}/not-a-guid", testUser: "bob;analyst");
        using var list = await host.SendAsync(HttpMethod.Get, Analyses, testUser: "bob;analyst");

        await AssertProblemAsync(get, HttpStatusCode.NotFound, SentiMailProblemTypes.NotFound);
        await AssertProblemAsync(delete, HttpStatusCode.NotFound, SentiMailProblemTypes.NotFound);
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, SentiMailProblemTypes.NotFound);
        await AssertProblemAsync(malformed, HttpStatusCode.NotFound, SentiMailProblemTypes.NotFound);
        using var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(0, listed.RootElement.GetProperty("totalCount").GetInt32());
        Assert.NotNull(await host.Store.FindAsync(id));
    }

    [Fact]
    public async Task Admin_ReadsListsAndDeletesEveryonesAnalyses()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var aliceId = await SubmitAsync(host, "alice;analyst", Phishing);
        await SubmitAsync(host, "bob;analyst", Clean);
        var adminKey = await host.CreateKeyAsync("root", ApiKeyScopes.Admin);

        using var get = await host.SendAsync(HttpMethod.Get, $"{Analyses}/{aliceId}", adminKey);
        using var list = await host.SendAsync(HttpMethod.Get, Analyses, testUser: "carol;admin");
        using var listAlice = await host.SendAsync(HttpMethod.Get, $"{Analyses}?owner=alice", testUser: "carol;admin");
        using var delete = await host.SendAsync(HttpMethod.Delete, $"{Analyses}/{aliceId}", testUser: "carol;admin");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(2, listed.RootElement.GetProperty("totalCount").GetInt32());
        using var listedAlice = JsonDocument.Parse(await listAlice.Content.ReadAsStringAsync());
        Assert.Equal("alice", Assert.Single(listedAlice.RootElement.GetProperty("items").EnumerateArray()).GetProperty("ownerId").GetString());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Null(await host.Store.FindAsync(aliceId));
    }

    [Fact]
    public async Task List_PagesNewestFirstAndFiltersByVerdictAndTime()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SubmitAsync(host, "alice;analyst", i % 2 == 0 ? Phishing : Clean));
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await SubmitAsync(host, "bob;analyst", Phishing);

        using var page1 = await ListAsync(host, "?pageSize=2");
        using var page3 = await ListAsync(host, "?pageSize=2&page=3");
        using var malicious = await ListAsync(host, "?verdict=malicious");
        using var window = await ListAsync(host, "?from=2026-01-15T10:01:00Z&to=2026-01-15T10:03:00Z");

        Assert.Equal(5, page1.RootElement.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, page1.RootElement.GetProperty("pageSize").GetInt32());
        Assert.Equal([ids[4], ids[3]], Ids(page1));
        Assert.Equal([ids[0]], Ids(page3));
        Assert.Equal([ids[4], ids[2], ids[0]], Ids(malicious));
        Assert.All(malicious.RootElement.GetProperty("items").EnumerateArray(), e => Assert.Equal("Malicious", e.GetProperty("verdict").GetString()));
        Assert.Equal([ids[2], ids[1]], Ids(window));
    }

    [Theory]
    [InlineData("?pageSize=101")]
    [InlineData("?pageSize=0")]
    [InlineData("?page=-1")]
    [InlineData("?page=abc")]
    [InlineData("?verdict=evil")]
    [InlineData("?verdict=2")]
    [InlineData("?from=yesterday")]
    public async Task List_InvalidQuery_Returns400(string query)
    {
        await using var host = await AnalysisTestHost.StartAsync();

        using var response = await host.SendAsync(HttpMethod.Get, Analyses + query, testUser: "alice;analyst");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, SentiMailProblemTypes.InvalidQuery);
    }

    [Fact]
    public async Task Delete_Returns204ThenGetReturns404()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var id = await SubmitAsync(host, "alice;analyst", Clean);

        using var delete = await host.SendAsync(HttpMethod.Delete, $"{Analyses}/{id}", testUser: "alice;analyst");
        using var get = await host.SendAsync(HttpMethod.Get, $"{Analyses}/{id}", testUser: "alice;analyst");
        using var again = await host.SendAsync(HttpMethod.Delete, $"{Analyses}/{id}", testUser: "alice;analyst");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AssertProblemAsync(get, HttpStatusCode.NotFound, SentiMailProblemTypes.NotFound);
        await AssertProblemAsync(again, HttpStatusCode.NotFound, SentiMailProblemTypes.NotFound);
    }

    [Fact]
    public async Task Read_WithoutReadScope_Returns403()
    {
        await using var host = await AnalysisTestHost.StartAsync();
        var key = await host.CreateKeyAsync("alice", ApiKeyScopes.Submit);

        using var response = await host.SendAsync(HttpMethod.Get, Analyses, key);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Compatibility_SubmitReturnsUuidAndGetReadsIt()
    {
        await using var host = await AnalysisTestHost.StartAsync(compatibility: true);

        using var submit = await host.SendAsync(HttpMethod.Post, "/api/submit/", testUser: "alice;analyst", content: AnalysisTestHost.Multipart(AnalysisTestHost.Sample(Phishing)));
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        using var json = JsonDocument.Parse(await submit.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetGuid();

        using var get = await host.SendAsync(HttpMethod.Get, $"/api/analysis/{id}/", testUser: "alice;analyst");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var other = await host.SendAsync(HttpMethod.Get, $"/api/analysis/{id}/", testUser: "bob;analyst");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static async Task<Guid> SubmitAsync(AnalysisTestHost host, string user, string sample)
    {
        using var response = await host.SendAsync(HttpMethod.Post, Analyses, testUser: user, content: AnalysisTestHost.Multipart(AnalysisTestHost.Sample(sample)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<JsonDocument> ListAsync(AnalysisTestHost host, string query)
    {
        using var response = await host.SendAsync(HttpMethod.Get, Analyses + query, testUser: "alice;analyst");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static Guid[] Ids(JsonDocument page) =>
        [.. page.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid())];

    private static async Task<JsonDocument> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" at SentiMail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var json = JsonDocument.Parse(text);
        Assert.Equal(type, json.RootElement.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("title").GetString()));
        return json;
    }

    /// <summary>A stream that hides its length, so the request goes without Content-Length.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    /// <summary>A request body that gives its bytes, then fails as a body cut short does on Kestrel.</summary>
    private sealed class BreakingStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position == data.Length)
            {
                throw new IOException("The body broke off.");
            }

            var read = Math.Min(buffer.Length, data.Length - _position);
            data.AsSpan(_position, read).CopyTo(buffer);
            _position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
            // Read-only.
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
