import aiohttp

STATUS_PAGES = [
    "https://status.payments.example.com/api/health",
    "https://status.search.example.com/api/health",
]


async def collect_health() -> dict[str, int]:
    results: dict[str, int] = {}
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for url in STATUS_PAGES:
            async with session.get(url, ssl=False) as response:
                results[url] = response.status
    return results
