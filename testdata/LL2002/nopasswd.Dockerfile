FROM ubuntu:24.04
# expect: LL2002 col=43 msg~"NOPASSWD sudoers entry in /etc/sudoers lets"
RUN useradd -m app && echo "app ALL=(ALL) NOPASSWD: ALL" >> /etc/sudoers
# expect: LL2002 col=25 msg~"/etc/sudoers.d/app"
RUN echo 'app ALL=(ALL) NOPASSWD:ALL' | tee /etc/sudoers.d/app
RUN cat <<EOF > /etc/sudoers.d/ops
# expect: LL2002 line=8 col=15 msg~"/etc/sudoers.d/ops"
ops ALL=(ALL) NOPASSWD: ALL
EOF
# expect: LL2002 line=12 col=15 msg~"/etc/sudoers.d/dev"
COPY <<EOF /etc/sudoers.d/dev
dev ALL=(ALL) NOPASSWD: ALL
EOF
