using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Nvr.Onvif.Soap;

/// <summary>
/// Sends SOAP requests to one device over <see cref="HttpClient"/> and returns the response body
/// element. Handles, in order of need:
/// <list type="bullet">
/// <item>SOAP 1.2 first (ONVIF Core §5.1); falls back to SOAP 1.1 for the rest of this client's
/// life when the device answers 415, a VersionMismatch fault, or a SOAP 1.1 envelope.</item>
/// <item>WS-Security UsernameToken PasswordDigest on every authenticated request, with Created
/// taken from the device clock (<see cref="ClockOffset"/>).</item>
/// <item>HTTP Digest (RFC 7616) when the device answers 401 with a Digest challenge; the challenge is
/// kept and reused (nonce count increasing) until the device issues a new one.</item>
/// <item>Faults → <see cref="OnvifFaultException"/>; oversize/malformed bodies →
/// <see cref="OnvifMalformedResponseException"/>; network failures and non-SOAP HTTP errors →
/// <see cref="OnvifTransportException"/>.</item>
/// </list>
/// Thread-safe: concurrent calls share the learned SOAP version, clock offset and digest challenge.
/// </summary>
internal sealed class OnvifSoapClient
{
    private readonly HttpClient _http;
    private readonly OnvifCredentials? _credentials;
    private readonly TimeProvider _time;
    private readonly OnvifClientOptions _options;
    private volatile HttpDigestChallenge? _digest;
    private volatile int _version = (int)SoapVersion.Soap12;
    private long _clockOffsetTicks;

    public OnvifSoapClient(HttpClient http, OnvifCredentials? credentials, TimeProvider time, OnvifClientOptions options)
    {
        _http = http;
        _credentials = credentials;
        _time = time;
        _options = options;
    }

    /// <summary>Device clock − our clock; used for UsernameToken Created.</summary>
    public TimeSpan ClockOffset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));
        set => Interlocked.Exchange(ref _clockOffsetTicks, value.Ticks);
    }

    public SoapVersion Version => (SoapVersion)_version;

    public bool HasCredentials => _credentials is not null;

    public TimeProvider TimeProvider => _time;

    public OnvifClientOptions Options => _options;

    public async Task<XmlElementNode> CallAsync(SoapCall call, CancellationToken cancellationToken)
    {
        bool digestRetried = false;
        bool versionRetried = false;
        while (true)
        {
            var version = Version;
            var (status, body, challenge) = await SendOnceAsync(call, version, cancellationToken).ConfigureAwait(false);

            XmlElementNode? envelope = null;
            OnvifMalformedResponseException? parseError = null;
            if (body.Length > 0)
            {
                try
                {
                    envelope = BoundedXmlLoader.Load(body, _options.XmlLimits, call.Endpoint);
                }
                catch (OnvifMalformedResponseException e) when (status is < HttpStatusCode.OK or >= HttpStatusCode.MultipleChoices)
                {
                    parseError = e; // An error status with junk (HTML) body: report the status below.
                }
            }

            var answeredVersion = envelope is null ? null : SoapResponseReader.VersionOf(envelope);

            // SOAP 1.1 fallback (SOAP 1.2 Part 2 §7.5.1 says a 1.1 node answers VersionMismatch; old
            // firmwares answer 415 or just a 1.1 envelope).
            if (version == SoapVersion.Soap12 && !versionRetried
                && (status == HttpStatusCode.UnsupportedMediaType
                    || answeredVersion == SoapVersion.Soap11
                    || (envelope is not null && IsVersionMismatch(envelope))))
            {
                Interlocked.CompareExchange(ref _version, (int)SoapVersion.Soap11, (int)SoapVersion.Soap12);
                versionRetried = true;
                continue;
            }

            if (status == HttpStatusCode.Unauthorized && call.Authenticate && _credentials is not null && challenge is not null && !digestRetried)
            {
                _digest = challenge;
                digestRetried = true;
                continue;
            }

            if (envelope is not null && answeredVersion is not null)
            {
                var responseBody = SoapResponseReader.Body(envelope, status == HttpStatusCode.OK ? null : status, call.Endpoint, call.Operation);
                if (status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices) return responseBody;
                throw new OnvifTransportException($"ONVIF {call.Operation}: HTTP {(int)status} with a SOAP body but no fault", call.Endpoint, status);
            }

            if (status == HttpStatusCode.Unauthorized)
            {
                throw new OnvifFaultException("http:401", [], "HTTP 401 Unauthorized" + (challenge is null ? "" : " (digest credentials refused)"), status, call.Endpoint, call.Operation);
            }

            if (status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices)
            {
                if (envelope is not null)
                {
                    throw new OnvifMalformedResponseException(OnvifResponseError.NotSoap, $"ONVIF {call.Operation}: response root is <{envelope}>, not a SOAP envelope", call.Endpoint);
                }

                throw new OnvifMalformedResponseException(OnvifResponseError.NotSoap, $"ONVIF {call.Operation}: empty response", call.Endpoint);
            }

            throw new OnvifTransportException($"ONVIF {call.Operation}: HTTP {(int)status} {status}", call.Endpoint, status, parseError);
        }
    }

    private static bool IsVersionMismatch(XmlElementNode envelope)
    {
        var fault = envelope.Child("Body")?.Child("Fault");
        if (fault is null) return false;
        var code = fault.Path("Code", "Value")?.Text ?? fault.PathText("faultcode") ?? string.Empty;
        return code.EndsWith("VersionMismatch", StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, byte[] Body, HttpDigestChallenge? Challenge)> SendOnceAsync(SoapCall call, SoapVersion version, CancellationToken cancellationToken)
    {
        UsernameToken? token = call.Authenticate && _credentials is { } c
            ? UsernameToken.Create(c.Username, c.Password, _time.GetUtcNow() + ClockOffset)
            : null;
        var header = new SoapHeader(token, call.Action, call.UseAddressing ? call.Endpoint : null, call.ReferenceParameters);
        var payload = SoapEnvelopeWriter.Write(version, header, call.WriteBody);

        using var request = new HttpRequestMessage(HttpMethod.Post, call.Endpoint);
        var content = new ByteArrayContent(payload);
        if (version == SoapVersion.Soap12)
        {
            var type = new MediaTypeHeaderValue("application/soap+xml") { CharSet = "utf-8" };
            type.Parameters.Add(new NameValueHeaderValue("action", "\"" + call.Action + "\""));
            content.Headers.ContentType = type;
        }
        else
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation("SOAPAction", "\"" + call.Action + "\"");
        }

        request.Content = content;
        if (call.Authenticate && _credentials is { } cred && _digest is { } digest)
        {
            var uri = call.Endpoint.PathAndQuery;
            request.Headers.Authorization = new AuthenticationHeaderValue("Digest", digest.CreateAuthorization("POST", uri, cred.Username, cred.Password));
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout + call.ExtraTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            HttpDigestChallenge? challenge = null;
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                foreach (var h in response.Headers.WwwAuthenticate)
                {
                    if (h.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase) && HttpDigestChallenge.Parse(h.Parameter) is { } parsed)
                    {
                        challenge = parsed;
                        break;
                    }
                }
            }

            var body = await BoundedBody.ReadAsync(response.Content, _options.MaxResponseBytes, call.Endpoint, linked.Token).ConfigureAwait(false);
            return (response.StatusCode, body, challenge);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OnvifTransportException($"ONVIF {call.Operation}: no answer within {(_options.RequestTimeout + call.ExtraTimeout).TotalSeconds:0.#} s", call.Endpoint, null, e);
        }
        catch (HttpRequestException e)
        {
            throw new OnvifTransportException($"ONVIF {call.Operation}: {e.Message}", call.Endpoint, e.StatusCode, e);
        }
        catch (IOException e)
        {
            throw new OnvifTransportException($"ONVIF {call.Operation}: {e.Message}", call.Endpoint, null, e);
        }
        catch (SocketException e)
        {
            throw new OnvifTransportException($"ONVIF {call.Operation}: {e.Message}", call.Endpoint, null, e);
        }
    }
}
