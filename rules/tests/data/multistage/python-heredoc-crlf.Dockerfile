FROM python:3.11-alpine
WORKDIR /srv
RUN <<EOF
apk add build-base libffi-dev
python -m venv /venv
/venv/bin/pip install -r requirements.txt
EOF
COPY . .
ENV PATH=/venv/bin:$PATH
CMD ["python", "-m", "worker"]
