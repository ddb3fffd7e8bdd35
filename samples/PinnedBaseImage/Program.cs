Console.WriteLine("Built with base images pinned by digest in images.lock.json.");
