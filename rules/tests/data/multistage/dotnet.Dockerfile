FROM mcr.microsoft.com/dotnet/sdk:8.0.303-bookworm-slim
WORKDIR /src
COPY . .
RUN dotnet publish Catalog.Api/Catalog.Api.csproj -c Release -o /app/publish
WORKDIR /app/publish
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Catalog.Api.dll"]
