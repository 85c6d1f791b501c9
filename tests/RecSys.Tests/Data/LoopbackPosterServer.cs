using System.Collections.Concurrent;
using System.Net;

namespace RecSys.Tests.Data;

/// <summary>
/// A small HTTP server on 127.0.0.1 laid out like the poster repository: GET /images/&lt;id&gt;.jpg answers with that
/// file's bytes, 404 when there is none, or the status code set for it in <see cref="Statuses"/>.
/// It counts the requests for each path.
/// </summary>
public sealed class LoopbackPosterServer : LoopbackServer
{
    public LoopbackPosterServer(IDictionary<int, byte[]> filesById)
    {
        Files = new ConcurrentDictionary<int, byte[]>(filesById);
        ImagesUrl = new Uri(BaseUrl, "images/");
        Start();
    }

    /// <summary>The folder URL: a poster is ImagesUrl + "&lt;id&gt;.jpg".</summary>
    public Uri ImagesUrl { get; }

    /// <summary>What the server answers, by id; change it between runs.</summary>
    public ConcurrentDictionary<int, byte[]> Files { get; }

    /// <summary>Ids answered with a status code instead of a file (e.g. 500).</summary>
    public ConcurrentDictionary<int, int> Statuses { get; } = new();

    /// <summary>Requests so far, by id.</summary>
    public ConcurrentDictionary<int, int> Requests { get; } = new();

    public int TotalRequests => Requests.Values.Sum();

    protected override async Task RespondAsync(HttpListenerContext context)
    {
        HttpListenerResponse response = context.Response;
        string name = context.Request.Url!.AbsolutePath;
        if (name.StartsWith("/images/", StringComparison.Ordinal) && name.EndsWith(".jpg", StringComparison.Ordinal)
            && int.TryParse(name["/images/".Length..^".jpg".Length], out int id))
        {
            Requests.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (Statuses.TryGetValue(id, out int status)) response.StatusCode = status;
            else if (Files.TryGetValue(id, out byte[]? body))
            {
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body);
            }
            else response.StatusCode = 404;
        }
        else response.StatusCode = 404;
        response.Close();
    }
}
