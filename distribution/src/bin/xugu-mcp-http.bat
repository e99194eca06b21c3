@echo off
rem xugu-mcp over HTTP (Streamable HTTP at /mcp, legacy SSE at /sse).
call "%~dp0xugu-mcp.bat" --transport http %*
