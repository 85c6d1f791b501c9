using System.Net;

namespace RecSys.Tests.Data;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 for download tests. It answers every request the same way:
/// with a file, with the first half of a file while promising all of it, or with 404.
/// </summary>
public sealed class LoopbackFileServer : LoopbackServer
{
    public enum Behaviour { ServeFile, CutOffHalfway, NotFound }

    readonly byte[] body;
    readonly Behaviour behaviour;

    public LoopbackFileServer(string file, Behaviour behaviour)
    {
        body = File.ReadAllBytes(file);
        this.behaviour = behaviour;
        Url = new Uri(BaseUrl, Path.GetFileName(file));
        Start();
    }

    public Uri Url { get; }

    public int Requests { get; private set; }

    protected override async Task RespondAsync(HttpListenerContext context)
    {
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
