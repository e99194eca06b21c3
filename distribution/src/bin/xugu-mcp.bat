@echo off
rem xugu-mcp launcher for Windows: the MCP server for XuguDB (stdio by default). Java 17+ on PATH or JAVA_HOME.
setlocal
set "APP_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
"%JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms16m -Xmx512m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:CompileThresholdScaling=0.25 %JAVA_OPTS% -Dxugu-mcp.home="%APP_HOME%" -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dcalcite.default.nationalcharset=UTF-8 -cp "%APP_HOME%\lib\*" io.xugumcp.server.Main %*
