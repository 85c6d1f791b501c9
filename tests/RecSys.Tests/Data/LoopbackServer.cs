using System.Net;
using System.Net.Sockets;

namespace RecSys.Tests.Data;

/// <summary>
/// What the download tests' HTTP servers share: a listener on a free port of 127.0.0.1 that hands each request to
/// <see cref="RespondAsync"/> until it is disposed. A subclass sets its own fields first, then calls <see cref="Start"/>.
/// </summary>
public abstract class LoopbackServer : IDisposable
{
    readonly HttpListener listener = new();
    Task serving = Task.CompletedTask;

    protected LoopbackServer()
    {
        int port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(BaseUrl.ToString());
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/</summary>
    protected Uri BaseUrl { get; }

    /// <summary>Answers one request (and closes or aborts its response).</summary>
    protected abstract Task RespondAsync(HttpListenerContext context);

    protected void Start()
    {
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) { return; } // stopped
            await RespondAsync(context);
        }
    }

    static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        serving.Wait(TimeSpan.FromSeconds(5));
    }
}
