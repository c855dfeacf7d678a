# No RUN follows the ARG, so nothing records it in a history entry.
FROM nginx:1.27-alpine
ARG DB_PASSWORD
COPY nginx.conf /etc/nginx/nginx.conf
COPY dist/ /usr/share/nginx/html/
EXPOSE 8080
