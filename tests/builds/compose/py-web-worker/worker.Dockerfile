FROM python:3.11-slim
ARG GREETING=hello
ENV GREETING=${GREETING}
WORKDIR /worker
COPY worker.py .
CMD ["python", "worker.py"]
