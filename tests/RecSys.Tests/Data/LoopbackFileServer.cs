using System.Net;
using System.Net.Sockets;

namespace RecSys.Tests.Data;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 for download tests. It answers every request the same way:
/// with a file, with the first half of a file while promising all of it, or with 404.
/// </summary>
public sealed class LoopbackFileServer : IDisposable
{
    public enum Behaviour { ServeFile, CutOffHalfway, NotFound }

    readonly HttpListener listener = new();
    readonly byte[] body;
    readonly Behaviour behaviour;
    readonly Task serving;

    public LoopbackFileServer(string file, Behaviour behaviour)
    {
        body = File.ReadAllBytes(file);
        this.behaviour = behaviour;
        int port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/{Path.GetFileName(file)}");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public int Requests { get; private set; }

    async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) { return; } // stopped
            Requests++;
            HttpListenerResponse response = context.Response;
            switch (behaviour)
            {
                case Behaviour.NotFound:
                    response.StatusCode = 404;
                    response.Close();
                    break;
                case Behaviour.ServeFile:
                    response.ContentLength64 = body.Length;
                    await response.OutputStream.WriteAsync(body);
                    response.Close();
                    break;
                case Behaviour.CutOffHalfway:
                    response.ContentLength64 = body.Length;
                    await response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
                    await response.OutputStream.FlushAsync();
                    response.Abort(); // the connection drops, as when a download is killed
                    break;
            }
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
