using System.Net;
using System.Text;
using SentiMail.AspNetCore.Analyses;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests.Web;

/// <summary>Uploads through the web UI: every sample, the anonymous quota, rejected uploads and hostile messages.</summary>
public sealed class WebUploadTests(WebUiFactory factory) : IClassFixture<WebUiFactory>
{
    private static Uri U(string path) => new(path, UriKind.Relative);

    private static string SamplePath(string name) => Path.Combine(RepositoryRoot.Find(), "samples", "messages", name);

    public static TheoryData<string> SampleNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), "samples", "messages"), "*.eml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task Upload_EachSample_IsStored_AndItsResultPageShowsTheEnginesVerdictAndSignals(string sample)
    {
        var bytes = await File.ReadAllBytesAsync(SamplePath(sample));
        var expected = await EmailAnalyzer.CreateDefault().AnalyzeAsync(bytes);
        var (client, userId) = await factory.SignedInAnalystAsync("web-sample-" + Path.GetFileNameWithoutExtension(sample) + "@example.org");
        using (client)
        {
            using var upload = await WebUiFactory.UploadAsync(client, bytes, sample);

            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
            var location = upload.Headers.Location!.OriginalString;
            Assert.StartsWith("/analyses/", location, StringComparison.Ordinal);
            var stored = await factory.Services.GetRequiredService<IAnalysisStore>().FindAsync(Guid.Parse(location["/analyses/".Length..]));
            Assert.Equal(userId, stored!.OwnerId);
            Assert.Equal(sample, stored.SourceFileName);
            Assert.Equal(bytes, stored.RawMessage.ToArray());

            using var result = await client.GetAsync(U(location));
            var html = await result.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
            Assert.Contains($"id=\"verdict\">{expected.Verdict}<", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"score\">{expected.Score}<", html, StringComparison.Ordinal);
            Assert.All(expected.Signals, s => Assert.Contains($"data-signal=\"{s.Id}\"", html, StringComparison.Ordinal));
            Assert.True(result.Headers.CacheControl?.NoStore);
        }
    }

    [Fact]
    public async Task Upload_Phishing_ShowsMalicious_WithItsSignalsGroupedByCategory_AndTheirSentenceWeightAndEvidence()
    {
        var (client, _) = await factory.SignedInAnalystAsync("web-paypal@example.org");
        using (client)
        {
            using var upload = await WebUiFactory.UploadAsync(client, await File.ReadAllBytesAsync(SamplePath("phishing-paypal-en.eml")), "phishing-paypal-en.eml");
            using var result = await client.GetAsync(upload.Headers.Location);
            var html = await result.Content.ReadAsStringAsync();

            Assert.Contains("id=\"verdict\">Malicious<", html, StringComparison.Ordinal);
            // One section per category, each with its title, total and signals.
            Assert.Contains("<section class=\"signal-group\" data-category=\"Impersonation\">", html, StringComparison.Ordinal);
            Assert.Contains("<h3>Impersonation <span class=\"group-total\">&#x2B;", html, StringComparison.Ordinal);
            Assert.Contains("<section class=\"signal-group\" data-category=\"Links\">", html, StringComparison.Ordinal);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "data-category=\"Impersonation\""));
            // The sentence, the weight and the evidence of one signal.
            Assert.Contains("data-signal=\"brand.lookalike-sender-domain\"", html, StringComparison.Ordinal);
            Assert.Contains("imitates PayPal", html, StringComparison.Ordinal);
            Assert.Contains("<span class=\"location\">header:From</span> <code class=\"value\">paypal-secure-login.com</code>", html, StringComparison.Ordinal);
            Assert.Contains("<span class=\"weight\">&#x2B;", html, StringComparison.Ordinal);
            // The message summary.
            Assert.Contains("id=\"summary-from\">", html, StringComparison.Ordinal);
            Assert.Contains("id=\"summary-subject\">", html, StringComparison.Ordinal);
            Assert.Contains("<dt>Date</dt>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Upload_Anonymous_ShowsTheResultOnce_AndStoresNothing()
    {
        var store = factory.Services.GetRequiredService<IAnalysisStore>();
        var before = (await store.ListAsync(new AnalysisQuery { PageSize = 1 })).TotalCount;
        using var client = factory.Browser();

        using var response = await WebUiFactory.UploadAsync(client, await File.ReadAllBytesAsync(SamplePath("phishing-paypal-en.eml")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"verdict\">Malicious<", html, StringComparison.Ordinal);
        Assert.Contains("id=\"anonymous-notice\"", html, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(before, (await store.ListAsync(new AnalysisQuery { PageSize = 1 })).TotalCount);
    }

    [Fact]
    public async Task Upload_AnonymousQuota_TheSixthFromOneAddressGets429WithWhenToRetry_SharedWithTheApi_OtherAddressesPass()
    {
        var peer = factory.NewPeer();
        using var client = factory.Browser(peer);
        var message = Samples.RawMessage("quota");

        // Three through the UI and two through the API's anonymous upload: one quota of five.
        for (var i = 0; i < 3; i++)
        {
            using var ok = await WebUiFactory.UploadAsync(client, message);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var content = new ByteArrayContent(message);
            content.Headers.ContentType = new("message/rfc822");
            using var api = await client.PostAsync(U("/api/v1/analyses"), content);
            Assert.Equal(HttpStatusCode.Created, api.StatusCode);
        }

        using var sixth = await WebUiFactory.UploadAsync(client, message);
        var html = await sixth.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal("text/html", sixth.Content.Headers.ContentType?.MediaType);
        var retryAfter = sixth.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Assert.Contains("Too many uploads.", html, StringComparison.Ordinal);
        Assert.Contains("Try again in ", html, StringComparison.Ordinal);
        Assert.Contains("data-code=\"too-many-uploads\"", html, StringComparison.Ordinal);
        // The API sees the same quota used up.
        using var apiContent = new ByteArrayContent(message);
        apiContent.Headers.ContentType = new("message/rfc822");
        using var apiSixth = await client.PostAsync(U("/api/v1/analyses"), apiContent);
        Assert.Equal(HttpStatusCode.TooManyRequests, apiSixth.StatusCode);
        // Another address still may.
        using var other = factory.Browser();
        using var otherUpload = await WebUiFactory.UploadAsync(other, message);
        Assert.Equal(HttpStatusCode.OK, otherUpload.StatusCode);
        // A signed-in user is not counted in the anonymous quota of that address.
        var (signedIn, _) = await factory.SignedInAnalystAsync("web-quota@example.org");
        using (signedIn)
        {
            signedIn.DefaultRequestHeaders.Remove(WebUiFactory.PeerHeader);
            signedIn.DefaultRequestHeaders.Add(WebUiFactory.PeerHeader, peer);
            using var mine = await WebUiFactory.UploadAsync(signedIn, message);
            Assert.Equal(HttpStatusCode.Redirect, mine.StatusCode);
        }
    }

    [Fact]
    public async Task Upload_WithoutTheAntiforgeryToken_IsRefused_AndNotAnalysed()
    {
        var (client, userId) = await factory.SignedInAnalystAsync("web-upload-csrf@example.org");
        using (client)
        {
            using var response = await WebUiFactory.UploadAsync(client, Samples.RawMessage("csrf"), withToken: false);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("data-code=\"antiforgery\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(0, (await factory.Services.GetRequiredService<IAnalysisStore>().ListAsync(new AnalysisQuery { OwnerId = userId })).TotalCount);
        }
    }

    [Fact]
    public async Task Upload_FromAnotherSite_IsRefusedBeforeTheQuota()
    {
        using var client = factory.Browser();
        var (_, token) = await WebUiFactory.FormAsync(client, "/");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(Samples.RawMessage("x")), "file", "x.eml" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, U("/")) { Content = form };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("data-code=\"cross-site\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_Oversized_GetsTheTooLargePage_ByContentLengthAndByFileSize()
    {
        using var client = factory.Browser();
        var big = Encoding.ASCII.GetBytes("From: a@example.org\r\nSubject: big\r\n\r\n" + new string('x', WebUiFactory.MaxMessageBytes + 10));

        // Larger than the body limit: refused before reading.
        using var byLength = await WebUiFactory.UploadAsync(client, [.. big, .. new byte[70 * 1024]]);
        // Within the body limit (file part + framing) but the file itself over the engine's limit.
        using var byFile = await WebUiFactory.UploadAsync(client, big);

        foreach (var response in new[] { byLength, byFile })
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("The file is too large.", html, StringComparison.Ordinal);
            Assert.Contains("Messages up to 512 KiB are analysed", html, StringComparison.Ordinal);
            Assert.Contains("data-code=\"too-large\"", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("not-an-email", "The file is not an email.")]
    [InlineData("empty", "The file is empty.")]
    public async Task Upload_NotAnEmail_GetsTheEnginesReasonInWords(string code, string title)
    {
        using var client = factory.Browser();
        byte[] file = code == "empty" ? [] : [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

        using var response = await WebUiFactory.UploadAsync(client, file, "picture.png");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains($"data-code=\"{code}\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"upload-form\"", html, StringComparison.Ordinal);
        Assert.Contains(factory.Logs.Entries, e => e.Id.Id == 5640 && e.Message.Contains(code, StringComparison.Ordinal));
        Assert.Contains(factory.Reported, r => r.Reason == $"rejected web upload ({code})");
    }

    [Fact]
    public async Task Upload_NoFile_MalformedForm_AndWrongType_EachSayWhatWasWrong()
    {
        using var client = factory.Browser();
        var (_, token) = await WebUiFactory.FormAsync(client, "/");

        using var noFileForm = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        using var noFile = await client.PostAsync(U("/"), noFileForm);

        using var malformedBody = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.eml\"\r\n\r\nFrom: a@example.org\r\n"));
        malformedBody.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        using var malformed = await client.PostAsync(U("/"), malformedBody);

        using var raw = new ByteArrayContent(Samples.RawMessage("raw"));
        raw.Headers.ContentType = new("message/rfc822");
        using var wrongType = await client.PostAsync(U("/"), raw);

        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Contains("No file was chosen.", await noFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("The form could not be read.", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Contains("The upload was not sent as a form.", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileMessage_RendersAsText_InTheResultAndTheHistory()
    {
        const string Hostile = "From: \"<img src=x onerror=alert(1)>\" <evil@example.org>\r\n"
            + "To: victim@example.org\r\n"
            + "Subject: <script>alert('subject')</script> =?UTF-8?B?PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+DQpTZXQtQ29va2llOiBpbmplY3RlZD0x?=\r\n"
            + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <hostile@example.org>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n"
            + "\r\n"
            + "<p>Verify your account: <a href=\"http://192.0.2.7/login\">https://www.paypal.com/<b onmouseover=alert(2)>x</b></a></p>\r\n";
        var (client, _) = await factory.SignedInAnalystAsync("web-hostile@example.org");
        using (client)
        {
            using var upload = await WebUiFactory.UploadAsync(client, Encoding.UTF8.GetBytes(Hostile), "a<img src=y onerror=alert(3)>.eml");
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
            using var result = await client.GetAsync(upload.Headers.Location);
            using var history = await client.GetAsync(U("/analyses"));

            foreach (var response in new[] { result, history })
            {
                var html = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("<svg onload", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("<img src=", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("<b onmouseover", html, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
                Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("injected", StringComparison.Ordinal)));
            }

            var resultHtml = await result.Content.ReadAsStringAsync();
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", resultHtml, StringComparison.Ordinal);
            Assert.Contains("&lt;svg onload=alert(1)&gt;", resultHtml, StringComparison.Ordinal);
            Assert.Contains("a&lt;img src=y onerror=alert(3)&gt;.eml", resultHtml, StringComparison.Ordinal);
        }
    }
}
